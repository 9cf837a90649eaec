"""gunicorn settings for Career Manager's web processes (docs/deployment.md).

Used by the systemd unit (deploy/systemd/careermanager-web.service), the container image
(deploy/Dockerfile) and `make prod-check`. Give the address to listen on with `--bind`; options
on the command line win over this file. Settings a gunicorn release does not know are skipped,
so the file works with older releases too.
"""

import multiprocessing
import os

# Sync workers: one request at a time each. Pages are short; long work (reports, imports,
# emails) runs in the task workers. WEB_CONCURRENCY sets the number, as gunicorn's own default.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then, so memory (the kept pages among it) starts afresh.
max_requests = 2000
max_requests_jitter = 200

# The app writes one JSON line per request itself (core.logs): no access log of gunicorn's.
accesslog = None
errorlog = "-"
loglevel = "warning"

# The address of the proxy in front, whose X-Forwarded-* headers gunicorn may believe
# (gunicorn's own default, or FORWARDED_ALLOW_IPS). Django reads the scheme from
# X-Forwarded-Proto itself when CAREERMANAGER_BEHIND_PROXY=true.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Heartbeat files in memory, not on the (possibly overlay or network) disk.
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# gunicorn 25.1 and newer open a control socket, by default at one path per user that two
# servers on one machine would share. Nothing here uses it.
control_socket_disable = True
