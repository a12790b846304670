"""``accredkit init`` and ``accredkit registry add``: a cabinet home on one machine.

The home holds the embedded default deployment: SQLite, encrypted files, outbox
messages written as JSONL, a DEVELOPMENT issuer key with its CA, a DEVELOPMENT CA for
users' e-signatures, the journal checkpoint and a register export (CSV). Nothing in it
is fit for production keys: a real deployment brings its own.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import secrets
from pathlib import Path
from typing import Any

import attrs

from accredkit._private_files import private_folder
from accredkit.adapters.crypto.x509_issuer import DEVELOPMENT_MARK, make_development_issuer
from accredkit.adapters.registry.csv_registry import WORKER_COLUMNS
from accredkit.bootstrap._first_staff import setup_first_administrator
from accredkit.bootstrap.cabinet import bootstrap
from accredkit.cli._context import CONFIG_FILE, home_dir, remember, write_private
from accredkit.cli._devpki import make_user_ca
from accredkit.cli._output import Output
from accredkit.config import Config
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.identifiers import Snils
from accredkit.errors import ConfigurationError

_CONFIG = """\
# accredkit cabinet home, made by `accredkit init`.
# DEVELOPMENT configuration: the keys below are generated on this machine and the
# certification authorities are {mark}.
# Keep this file private (it holds otp_key); it is written with mode 0600, and
# every file and folder of the home is private too (docs/security.md).
storage = "sqlite:///cabinet.db"
blobs = "file:blobs"
blob_key_file = "blob.key"
data_key_file = "data.key"
sms = "outbox:outbox/sms.jsonl"
email = "outbox:outbox/email.jsonl"
signer = "x509:issuer"
registry = "csv:registry.csv"
checkpoint = "journal-checkpoint.json"
language = "{language}"
otp_key = "base64:{otp_key}"

[settings]
# DEVELOPMENT user CA: `accredkit account dev-certificate` issues e-signature certificates.
esignature_trusted_ca = "dev-user-ca/ca.pem"
issuer_name = "Аккредитационная комиссия (DEVELOPMENT)"
# The public certificate check printed in the PDFs' QR codes (local in development).
public_check_url = "http://127.0.0.1:8000/certificates/check"
# Passkeys need a host name: open the pages at http://localhost:8000 to use them.
passkeys = {{ rp_id = "localhost", origins = ["http://localhost:8000"] }}
"""


@attrs.frozen
class Home:
    """Where everything of a cabinet home lives."""

    root: Path

    @property
    def config(self) -> Path:
        """``accredkit.toml``."""
        return self.root / CONFIG_FILE

    @property
    def database(self) -> Path:
        """The SQLite database."""
        return self.root / "cabinet.db"

    @property
    def blobs(self) -> Path:
        """Encrypted documents, by content hash."""
        return self.root / "blobs"

    @property
    def sms_outbox(self) -> Path:
        """SMS the outbox adapter wrote instead of sending."""
        return self.root / "outbox" / "sms.jsonl"

    @property
    def email_outbox(self) -> Path:
        """E-mail the outbox adapter wrote instead of sending."""
        return self.root / "outbox" / "email.jsonl"

    @property
    def issuer(self) -> Path:
        """The DEVELOPMENT issuer: ``key.pem``, ``cert.pem``, ``ca.pem``."""
        return self.root / "issuer"

    @property
    def user_ca(self) -> Path:
        """The DEVELOPMENT CA for users' e-signature certificates."""
        return self.root / "dev-user-ca"

    @property
    def esignature(self) -> Path:
        """The shell user's DEVELOPMENT e-signature certificate and key."""
        return self.root / "esignature"

    @property
    def registry(self) -> Path:
        """The register export (ФРМР-like CSV)."""
        return self.root / "registry.csv"

    @property
    def exports(self) -> Path:
        """Exported certificates and journal."""
        return self.root / "exports"


def create_home(root: Path, *, language: str = "ru") -> Home:
    """Create a cabinet home in ``root`` (which must not hold a configuration yet).

    Raises:
        ConfigurationError: ``root`` already holds an ``accredkit.toml``.
    """
    home = Home(root)
    if home.config.exists():
        raise ConfigurationError(
            f"{home.config} already exists",
            message_ru=f"Кабинет уже создан: {home.config}.",
            code="config.home_exists",
            value=str(root),
            hint_ru="Укажите другой каталог в --home или удалите этот.",
            hint_en="Give another directory with --home, or remove this one.",
        )
    for folder in (root, home.blobs, home.sms_outbox.parent, home.exports):
        private_folder(folder)  # 0700: each holds personal data or secrets
    write_private(root / "blob.key", base64.b64encode(secrets.token_bytes(32)) + b"\n")
    write_private(root / "data.key", base64.b64encode(secrets.token_bytes(32)) + b"\n")
    # ECDSA P-256, not Ed25519: PDF readers (poppler, Acrobat) check its PAdES signatures.
    make_development_issuer(
        home.issuer, algorithm="ecdsa-p256", issuer_name="accredkit development issuer"
    )
    make_user_ca(home.user_ca)
    header = io.StringIO()
    csv.writer(header).writerow(WORKER_COLUMNS)
    write_private(home.registry, header.getvalue())
    otp_key = base64.b64encode(secrets.token_bytes(32)).decode()
    text = _CONFIG.format(mark=DEVELOPMENT_MARK, language=language, otp_key=otp_key)
    write_private(home.config, text)
    return home


def add_worker(
    root: Path, snils: str, full_name: str, birth_date: str, specialties: list[str]
) -> Snils:
    """Append a worker to the home's register export.

    Raises:
        InvalidIdentifier: ``snils`` is not a valid СНИЛС.
    """
    parsed = Snils.parse(snils)
    with Home(root).registry.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
            [str(parsed), full_name, birth_date, ";".join(specialties), "", ""]
        )
    return parsed


def register(commands: Any) -> None:
    """Add ``init`` and ``registry`` to the parser."""
    init = commands.add_parser("init", help="create a cabinet home (development keys)")
    init.set_defaults(run=run_init)
    registry = commands.add_parser("registry", help="the register of medical workers (CSV)")
    actions = registry.add_subparsers(dest="registry_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="put a worker in the register export")
    add.add_argument("--snils", required=True)
    add.add_argument("--name", required=True, help="full name as in the register")
    add.add_argument("--birth-date", required=True, help="YYYY-MM-DD or DD.MM.YYYY")
    add.add_argument("--specialty", action="append", default=[], help="repeatable")
    add.set_defaults(run=run_registry_add)


def run_init(args: argparse.Namespace, out: Output) -> int:
    """Create the home and its first administrator, and say what is in it (once)."""
    home = create_home(home_dir(args), language=args.lang)
    admin = _first_administrator(home, args.lang)
    remember(home.root, staff_account_id=admin["account_id"])
    document = {
        "ok": True,
        "home": str(home.root.resolve()),
        "config": str(home.config),
        "database": str(home.database),
        "blobs": str(home.blobs),
        "outbox": [str(home.sms_outbox), str(home.email_outbox)],
        "issuer": str(home.issuer),
        "user_ca": str(home.user_ca),
        "registry": str(home.registry),
        "development": True,
        "administrator": admin,
    }
    out.fields(
        document,
        [
            ("Кабинет создан", "Cabinet home created", document["home"]),
            ("Настройки", "Configuration", home.config),
            ("База данных", "Database", f"{home.database} (SQLite)"),
            ("Документы", "Documents", f"{home.blobs} (AES-GCM)"),
            ("SMS и e-mail", "SMS and e-mail", home.sms_outbox.parent),
            ("Ключ выдачи", "Issuer key", f"{home.issuer} ({DEVELOPMENT_MARK})"),
            ("УЦ подписей", "E-signature CA", f"{home.user_ca} ({DEVELOPMENT_MARK})"),
            ("Регистр", "Register", home.registry),
            ("Администратор", "Administrator", f"{admin['login']} ({admin['account_id']})"),
            ("Пароль (показан один раз)", "Password (shown once)", admin["password"]),
        ],
    )
    return 0


ADMINISTRATOR_SNILS = "100-000-000 09"
"""The development home's first administrator signs in with this СНИЛС."""


def _first_administrator(home: Home, language: str) -> dict[str, str]:
    """The development home's first administrator, with a fresh password shown once.

    The administrator then signs in with ``staff login`` (e-signature, then TOTP) and
    creates the other staff accounts with ``staff add`` (``docs/authority.md``).
    """
    password = "-".join(secrets.token_hex(3) for _ in range(4))  # 27 characters, random
    form = RegistrationForm(
        last_name="Администраторов",
        first_name="Админ",
        middle_name="",
        birth_date="01.01.1980",
        snils=ADMINISTRATOR_SNILS,
        phone="+7 900 000-00-01",
        email="administrator@cabinet.example",
        password=password,
        language=language,
        consent_given=True,
    )
    with bootstrap(Config.from_toml(home.config)) as cabinet:
        registered = setup_first_administrator(cabinet, form)
    return {"account_id": registered.account_id, "login": ADMINISTRATOR_SNILS, "password": password}


def run_registry_add(args: argparse.Namespace, out: Output) -> int:
    """Append the worker; the next command's cabinet finds them."""
    root = home_dir(args)
    if not Home(root).registry.is_file():
        raise ConfigurationError(
            f"no register export in {root}",
            message_ru=f"В {root} нет файла регистра.",
            code="config.missing_file",
            hint_ru="Создайте кабинет: accredkit init.",
            hint_en="Create the home first: accredkit init.",
        )
    snils = add_worker(root, args.snils, args.name, args.birth_date, args.specialty)
    out.fields(
        {"ok": True, "snils": str(snils), "full_name": args.name},
        [("В регистре", "In the register", f"{snils} {args.name}")],
    )
    return 0
