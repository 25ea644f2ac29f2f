"""Where webhooks may go: public addresses only, unless an administrator allows a host.

A webhook URL naming a loopback, private, link-local (the clouds' metadata service at
169.254.169.254 among them), shared, multicast or reserved address, or a host name that
resolves to one, is refused when it is added, and again when each event is sent: the
connection resolves the host itself, checks every address it got, and connects only to
a checked one, so a name that resolved to a public address at saving and to a private
one since (DNS rebinding) reaches nothing. `PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS` names the
hosts (as written in the URL) allowed whatever their address, such as a receiver on the
same machine or inside the network.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from partnerfolio.notifications import conf

_getaddrinfo = socket.getaddrinfo  # tests put a resolver of their own here: no DNS traffic


class AddressRefused(OSError):
    """The host is, or resolves to, an address webhooks may not reach."""


def _kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What makes the address unreachable for webhooks, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, flag in (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local (cloud metadata lives there)", address.is_link_local),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return kind
    return None if address.is_global else "not public (shared or special-purpose)"


def _hint(host: str) -> str:
    return f"allow it by name with PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS={host} (docs/alerts.md)"


def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    """The host's addresses (`getaddrinfo` entries), each one checked; AddressRefused when
    any of them is not public or the host does not resolve."""
    try:
        found = _getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressRefused(f"the host {host} does not resolve ({error})") from None
    for entry in found:
        address = ipaddress.ip_address(str(entry[4][0]).split("%")[0])
        kind = _kind(address)
        if kind is not None:
            named = host if host == str(address) else f"{host} ({address})"
            raise AddressRefused(
                f"{named} is a {kind} address: webhooks go to public addresses; {_hint(host)}"
            )
    return found


def allowed_by_name(host: str) -> bool:
    return host.lower().rstrip(".") in conf.webhook_allowed_hosts()


def check_url(url: str) -> None:
    """Refuse (AddressRefused) a webhook URL whose host webhooks may not reach."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if allowed_by_name(host):
        return
    resolve(host, parts.port or (443 if parts.scheme == "https" else 80))


def _connect(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    """`socket.create_connection`, but only to the checked addresses of the host."""
    host, port = address
    if allowed_by_name(host):
        return socket.create_connection(address, timeout, source_address)
    last: OSError | None = None
    for family, kind, proto, _name, sockaddr in resolve(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last or OSError(f"no address to connect to for {host}")


class _CheckedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect  # type: ignore[method-assign]


class _CheckedHTTPS(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect  # type: ignore[method-assign]  # TLS checks the name


class CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: Any) -> Any:
        return self.do_open(_CheckedHTTP, req)


class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: Any) -> Any:
        return self.do_open(_CheckedHTTPS, req, context=self._context)  # type: ignore[attr-defined]
