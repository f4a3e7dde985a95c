import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cybercap.settings")
application = get_wsgi_application()

from cybercap.core.runtime import settle_server_process  # noqa: E402 (needs the apps loaded)

settle_server_process()
