"""The shipped common-password blocklist: present in the package, large, normalised."""

from __future__ import annotations

import gzip
import hashlib
from importlib import resources

from accredkit.data import COMMON_PASSWORD_FILES, common_passwords, russian_words
from accredkit.domain.accounts.password_guessing import russian_spellings
from accredkit.domain.accounts.passwords import PasswordPolicy, check_password

DJANGO_SHA256 = "3c1baed62596de36860824eb3f436d5932d37ca8b06e59df78f5a44ec175afe4"


def test_at_least_twenty_thousand_entries() -> None:
    assert len(common_passwords()) >= 20_000


def test_entries_are_lower_case_and_stripped() -> None:
    for entry in common_passwords():
        assert entry == entry.strip().lower()
        assert entry


def test_django_list_shipped_unchanged_with_notice() -> None:
    folder = resources.files("accredkit.data")
    django = folder.joinpath("common-passwords.txt.gz").read_bytes()
    assert hashlib.sha256(django).hexdigest() == DJANGO_SHA256
    notice = folder.joinpath("COMMON-PASSWORDS-NOTICE.md").read_text(encoding="utf-8")
    assert "Django Software Foundation" in notice
    assert "Dropbox" in notice
    assert DJANGO_SHA256 in notice


def test_union_of_every_file() -> None:
    folder = resources.files("accredkit.data")
    total: set[str] = set()
    for name in COMMON_PASSWORD_FILES:
        lines = gzip.decompress(folder.joinpath(name).read_bytes()).decode().splitlines()
        total.update(line.strip().lower() for line in lines if line.strip())
    for word in russian_words():
        total.update(russian_spellings(word) | russian_spellings(word.replace("ё", "е")))
    assert total == common_passwords()


def test_russian_words_are_cyrillic_and_spelled_every_way() -> None:
    words = russian_words()
    assert len(words) >= 250
    assert all(set(word) <= set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя") for word in words)
    for spelling in ("пароль", "gfhjkm", "parol", "yfnfif", "natasha", "lyubov"):
        assert spelling in common_passwords(), spelling


def test_well_known_passwords_refused_with_the_shipped_list() -> None:
    policy = PasswordPolicy(min_length=8)
    for password in ("password", "qwerty123", "iloveyou", "1q2w3e4r5t", "йцукен", "Baseball1"):
        codes = [v.code for v in check_password(password, policy, common_passwords())]
        assert "password.common" in codes, password


def test_loaded_once() -> None:
    assert common_passwords() is common_passwords()
