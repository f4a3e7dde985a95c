"""How a web server process settles once Cybercap's code is loaded."""

from __future__ import annotations

import gc

from django.urls import get_resolver

# Python collects its youngest objects whenever 700 more have been made than freed. A page builds
# tens of thousands of short-lived objects, so it ran dozens of collections, each walking every
# young object still alive, and moved survivors to older generations whose collections walk the
# whole heap: about a tenth of a rating save. A request's objects are freed by reference counting
# when it ends, so with a larger threshold a request rarely collects at all; reference cycles are
# still collected, a little later.
YOUNG_OBJECTS_BEFORE_COLLECTING = 50_000


def settle_server_process() -> None:
    """Import every view now rather than on the first request, then take everything loaded so
    far (it lives as long as the process) out of the garbage collector's walks, and collect young
    objects less often. Called by the WSGI application the server loads in each worker."""
    get_resolver().url_patterns  # noqa: B018 (imports the URL configuration and every view)
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS_BEFORE_COLLECTING, middle, old)
