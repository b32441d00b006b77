"""Gunicorn settings for the kutip image: ``gunicorn -c docker/gunicorn.conf.py``.

The settings live in the package (kutip/api/gunicorn_conf.py) so that ``kutip serve`` finds them
in an installed wheel too; this file only re-exports them. Tune with KUTIP_WORKERS, KUTIP_PORT,
KUTIP_HOST, KUTIP_TIMEOUT, KUTIP_GRACEFUL_TIMEOUT, KUTIP_MAX_REQUESTS, KUTIP_LOG_LEVEL.
"""

from kutip.api.gunicorn_conf import *  # noqa: F403
