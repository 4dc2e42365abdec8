"""Whether phones on the venue network can open the address printed on table cards, and how to fix it if not."""
import ipaddress
from typing import NamedTuple
from urllib.parse import urlsplit


class AddressWarning(NamedTuple):
    """Why the cards' address cannot work, and the command that fixes it, in plain words."""

    url: str
    problem: str   # what is wrong with the address, one sentence
    command: str   # the start-up command that fixes it ("" when the laptop has no network address yet)
    explain: str   # what the command does, or what to do first


def unreachable(url):
    """Why no phone can open this base URL ('loopback', 'unspecified', 'link_local', 'not_a_url'), or None."""
    try:
        parts = urlsplit(url or "")
        host = parts.hostname
        parts.port  # noqa: B018  raises ValueError for a port that is not a number
    except ValueError:
        return "not_a_url"
    if parts.scheme not in ("http", "https") or not host:
        return "not_a_url"
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        # Any other name (laptop.local, vote.example.org) may well resolve on the venue network: not judged here.
        return None
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link_local"
    return None


PROBLEMS = {
    "loopback": "{url} is this laptop's own (loopback) address: only this laptop can open it, no phone can.",
    "unspecified": "{url} is not an address a phone can open: 0.0.0.0 only tells the server to listen on every "
                   "network this laptop is on.",
    "link_local": "{url} is a link-local address, which a laptop gives itself when no network gave it one; "
                  "phones on the venue Wi-Fi usually cannot reach it.",
    "not_a_url": "“{url}” is not a web address: it should look like http://192.168.1.20:5000.",
}


def address_warning(url, lan, port):
    """The warning for the address on the cards (None when phones can reach it); lan: this laptop's addresses found."""
    reason = unreachable(url)
    if reason is None:
        return None
    problem = PROBLEMS[reason].format(url=url)
    suffix = f":{port}" if port else ""
    if lan:
        others = f" (its other addresses: {', '.join(lan[1:])})" if len(lan) > 1 else ""
        return AddressWarning(
            url, problem, f"python server.py --host 0.0.0.0 --public-url http://{lan[0]}{suffix}",
            f"{lan[0]} is this laptop's address on the network{others}. --host 0.0.0.0 lets phones connect; "
            "--public-url is the address printed on the cards, so print them again after restarting.",
        )
    return AddressWarning(
        url, problem, "",
        "This laptop has no address on a network right now. Connect it to the venue's Wi-Fi or network, then "
        "restart the server with --host 0.0.0.0: it finds its address by itself (or give it with --public-url).",
    )


def card_address(url):
    """The short address people type, as printed large on a card: the join page, without a leading http://."""
    join_page = f"{url.rstrip('/')}/join"
    # Every browser assumes http:// for a typed address; https:// stays, as a browser would not assume it.
    return join_page[len("http://"):] if join_page.startswith("http://") else join_page


def url_parts(url):
    """A URL cut where a line may break (after each single '/', never inside a word or after '//')."""
    parts, start = [], 0
    for i, char in enumerate(url):
        after_slash = char == "/" and (i + 1 >= len(url) or url[i + 1] != "/") and (i == 0 or url[i - 1] != "/")
        if after_slash and i + 1 < len(url):
            parts.append(url[start:i + 1])
            start = i + 1
    parts.append(url[start:])
    return [part for part in parts if part]
