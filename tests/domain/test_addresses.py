"""Whether phones can open the address printed on the cards, the warning's words, and links cut only at '/'."""
import pytest

from facilitation.domain.addresses import address_warning, card_address, unreachable, url_parts


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:5000", "loopback"),
    ("http://127.1.2.3:5000", "loopback"),
    ("http://localhost:5000", "loopback"),
    ("http://LOCALHOST:5000", "loopback"),
    ("http://laptop.localhost", "loopback"),
    ("http://[::1]:5000", "loopback"),
    ("http://0.0.0.0:5000", "unspecified"),
    ("http://[::]:5000", "unspecified"),
    ("http://169.254.10.20:5000", "link_local"),
    ("http://[fe80::1]:5000", "link_local"),
    ("192.168.1.20:5000", "not_a_url"),
    ("ftp://192.168.1.20", "not_a_url"),
    ("http://192.168.1.20:notaport", "not_a_url"),
    ("", "not_a_url"),
    # Reachable, or not judged: a LAN or public address, and any other name (it may resolve on the venue network).
    ("http://192.168.1.20:5000", None),
    ("http://10.0.0.7", None),
    ("http://203.0.113.9:8080", None),
    ("https://vote.example.org", None),
    ("http://laptop.local:5000", None),
])
def test_which_addresses_no_phone_can_open(url, reason):
    assert unreachable(url) == reason


def test_the_warning_names_the_address_found_and_the_command_that_fixes_it():
    warning = address_warning("http://127.0.0.1:5000", ["192.168.1.20", "10.8.0.2"], 5000)
    assert warning.problem == ("http://127.0.0.1:5000 is this laptop's own (loopback) address: only this laptop can "
                               "open it, no phone can.")
    assert warning.command == "python server.py --host 0.0.0.0 --public-url http://192.168.1.20:5000"
    assert "192.168.1.20 is this laptop's address on the network (its other addresses: 10.8.0.2)" in warning.explain


def test_with_no_network_address_the_warning_says_to_join_the_network_first():
    warning = address_warning("http://127.0.0.1:5000", [], 5000)
    assert warning.command == "" and "Connect it to the venue's Wi-Fi or network" in warning.explain


def test_no_warning_for_an_address_phones_can_reach():
    assert address_warning("http://192.168.1.20:5000", ["192.168.1.20"], 5000) is None


def test_the_short_address_on_a_card():
    assert card_address("http://192.168.1.20:5000") == "192.168.1.20:5000/join"
    assert card_address("https://vote.example.org/") == "https://vote.example.org/join"


@pytest.mark.parametrize("url, parts", [
    ("http://192.168.1.20:5000/t/AbC-d_ef", ["http://192.168.1.20:5000/", "t/", "AbC-d_ef"]),
    ("http://192.168.1.20:5000/join", ["http://192.168.1.20:5000/", "join"]),
    ("https://vote.example.org/", ["https://vote.example.org/"]),
    ("192.168.1.20:5000/join", ["192.168.1.20:5000/", "join"]),
    ("", []),
])
def test_a_link_is_cut_only_after_a_single_slash(url, parts):
    assert url_parts(url) == parts
    assert "".join(parts) == url
