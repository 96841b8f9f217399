"""A real Apache httpd serving a folder with its .htaccess files, on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from servers import free_port, wait_for

MODULES = Path("/usr/lib/apache2/modules")
CONFIG = """ServerRoot "{root}"
DefaultRuntimeDir "{root}"
PidFile "{root}/httpd.pid"
ErrorLog "{root}/error.log"
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{user}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule headers_module {modules}/mod_headers.so
TypesConfig /etc/mime.types
DocumentRoot "{site}"
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory "{site}">
  AllowOverride All
  Options FollowSymLinks
  Require all granted
</Directory>
{extra}
"""


@contextlib.contextmanager
def apache_serving(site: Path, extra: str = "", port: int | None = None, ready: str = "/index.html"):
    """Apache with `site` as its document root (copied to a world-readable folder); `extra`
    configuration lines, a chosen `port`, and the path that answers once it is up."""
    executable = shutil.which("apache2") or shutil.which("httpd") or "/usr/sbin/apache2"
    root = Path(tempfile.mkdtemp(prefix="roto-apache-"))
    os.chmod(root, 0o755)
    try:
        www = root / "www"
        shutil.copytree(site, www)
        for folder in [www, *(p for p in www.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        port = port or free_port()
        user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
        (root / "httpd.conf").write_text(CONFIG.format(root=root, port=port, site=www, modules=MODULES, user=user, extra=extra))
        process = subprocess.Popen([executable, "-f", str(root / "httpd.conf"), "-DFOREGROUND"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for(f"http://127.0.0.1:{port}{ready}")
            yield port
        finally:
            process.terminate()
            process.wait(20)
    finally:
        shutil.rmtree(root, ignore_errors=True)
