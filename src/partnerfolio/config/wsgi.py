"""The WSGI application (gunicorn serves it: `make run`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerfolio.config.settings")
application = get_wsgi_application()

# The chart renderer's first call costs a few hundred milliseconds: pay it at start,
# not on someone's first page.
from partnerfolio.charts import warm_up  # noqa: E402

warm_up()
