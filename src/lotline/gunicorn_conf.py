"""gunicorn's settings for Lotline: `gunicorn -c python:lotline.gunicorn_conf lotline.wsgi` (make run).

Options given on the command line win over these (`--bind 0.0.0.0:8000 --workers 5`).
"""

bind = "127.0.0.1:8000"
workers = 3
accesslog = "-"

# gunicorn refuses a request line longer than limit_request_line itself, with a bare "URI Too Long"
# page (default 4094 bytes, at most 8190). 0 passes any length through, so Lotline answers a pasted
# 10,000-character search with a page of its own (lotline.web.unreadable refuses addresses over 4,096
# characters). The cost: gunicorn reads a request line of any length (its optional C parser stops at
# 1 MB); a worker that takes longer than `timeout` seconds on one request is restarted. In production,
# a reverse proxy in front (nginx allows 8 KB) answers an over-long address first.
limit_request_line = 0
timeout = 30
