"""Addresses with non-ASCII characters, as the envelope and the headers carry them.

A domain in Unicode (press@әкімдік.kz) has an ASCII form every server takes, its
IDNA "xn--" name, so it is always sent that way. A local part in Unicode
(пресс@akimat.kz) has none: it goes only to a server that offers SMTPUTF8
(RFC 6531), in UTF-8 headers (RFC 6532).
"""

from __future__ import annotations


def idna_address(address: str) -> str:
    """The address with its domain in IDNA form; unchanged when the domain has none
    (an empty or over-long label), so that the server, not this run, refuses it."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address


def needs_smtputf8(*addresses: str) -> bool:
    """Whether any address keeps non-ASCII characters once its domain is in IDNA form."""
    return not all(idna_address(a).isascii() for a in addresses)
