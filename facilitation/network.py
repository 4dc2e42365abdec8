"""The laptop's addresses on the venue network, so the server can print a link phones can reach."""
import ipaddress
import socket

import psutil


def lan_addresses():
    """IPv4 addresses of this machine's network interfaces that other devices could reach, private ones first."""
    found = []
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(address.address)
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
                continue
            found.append(ip)
    # A venue LAN hands out private addresses; a public one (rare) is listed after them.
    found.sort(key=lambda ip: (not ip.is_private, ip.packed))
    return [str(ip) for ip in found]
