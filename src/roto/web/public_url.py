"""`--public-url`, the address visitors reach ROTO at, checked once for `roto site` and
`roto serve`: it is written into `.htaccess` rules, the VoID and the service description."""

from __future__ import annotations

import re

from ..errors import RotoError

# Characters a hosting URL may hold: those of RFC 3986 that mean nothing to Apache's
# RewriteRule (no $ or %, which it expands; no ? or #, which would cut the paths appended).
_PUBLIC_URL = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]+)?(/[A-Za-z0-9._~:/@!&'()*+,;=\-]*)?")


def public_url(url: str) -> str:
    """The hosting URL, ending in "/"; refused when it could break w3id/.htaccess.

    >>> public_url("https://example.org/roto")
    'https://example.org/roto/'
    """
    if not _PUBLIC_URL.fullmatch(url):
        raise RotoError(f"--public-url {url!r} is not an http(s) URL made of letters, digits and - . _ ~ : / @ "
                        "! & ' ( ) * + , ; = (no spaces, line breaks, ?, #, $ or %)")
    return url if url.endswith("/") else url + "/"
