"""Assessment pages, one module per area: overview and workflow, ratings, evidence, results."""
