from tests.web.conftest import ana, client_ana  # noqa: F401  (the same people as the pages' tests)
