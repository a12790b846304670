"""The built-in adapters (and the smsgate example) satisfy their ports, statically."""

from __future__ import annotations

from pathlib import Path

from accredkit_smsgate import SmsGateSender

from accredkit.adapters.checkpoints.file import FileCheckpoint
from accredkit.adapters.checkpoints.memory import MemoryCheckpoint
from accredkit.adapters.clock import FrozenClock, SystemClock
from accredkit.adapters.crypto.aes_gcm import AesGcmSealer
from accredkit.adapters.crypto.keys import KeySigner
from accredkit.adapters.crypto.password_hasher import Argon2idHasher
from accredkit.adapters.crypto.randomness import SeededRandom, SystemRandom
from accredkit.adapters.crypto.totp import TotpAuthenticator
from accredkit.adapters.crypto.webauthn_passkeys import WebauthnPasskeys
from accredkit.adapters.esignature.cms import CmsSignatureVerifier
from accredkit.adapters.esignature.dispatch import FirstCapableVerifier
from accredkit.adapters.esignature.trust import EsignatureTrust
from accredkit.adapters.esignature.x509 import X509SignatureVerifier
from accredkit.adapters.holidays_calendar import HolidaysCalendar
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.official_documents.pdf_documents import PadesDocuments
from accredkit.adapters.registry.memory_registry import MemoryRegistry
from accredkit.adapters.storage.file_blobs import FileBlobStore
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.bootstrap._accounts_wiring import NoTrustedCa
from accredkit.ports.blobs import BlobStore
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.checkpoint import CheckpointSink
from accredkit.ports.clock import Clock
from accredkit.ports.email import EmailSender
from accredkit.ports.esignature import SignatureVerifier
from accredkit.ports.inspection import DocumentInspector
from accredkit.ports.official_documents import OfficialDocuments
from accredkit.ports.passkeys import PasskeyCeremonies
from accredkit.ports.passwords import PasswordHasher
from accredkit.ports.randomness import RandomSource
from accredkit.ports.registry import Registry
from accredkit.ports.sealing import SecretSealer
from accredkit.ports.signer import Signer
from accredkit.ports.sms import SmsSender
from accredkit.ports.storage import Repository, Storage, UnitOfWork
from accredkit.ports.totp import TotpVerifier
from accredkit.services.publishing import PublishingStorage
from accredkit.testing.specimens import SPECIMENS, Specimen


def storage_engines() -> None:
    sqlite: Storage = SqliteStorage("cabinet.db")
    memory: Storage = MemoryStorage()
    published: Storage = PublishingStorage(memory)
    uow: UnitOfWork = sqlite.unit_of_work()
    repository: Repository[Specimen] = uow.repository(SPECIMENS)
    del published, repository


def blob_stores() -> None:
    files: BlobStore = FileBlobStore("blobs", b"k" * 32)
    memory: BlobStore = MemoryBlobStore()
    del files, memory


def senders() -> None:
    sms: SmsSender = MemorySms()
    gateway: SmsSender = SmsGateSender("https://sms.example.ru/send", "token")
    from_url: SmsSender = SmsGateSender.from_url("smsgate://sms.example.ru/send?token=t")
    email: EmailSender = MemoryEmail()
    del sms, gateway, from_url, email


def keys_and_registers() -> None:
    signer: Signer = KeySigner.generate()
    from_directory: Signer = KeySigner.from_directory("keys")
    registry: Registry = MemoryRegistry()
    del signer, from_directory, registry


def time_calendar_and_chance() -> None:
    system: Clock = SystemClock()
    frozen: Clock = FrozenClock()
    calendar: WorkingCalendar = HolidaysCalendar("RU")
    csprng: RandomSource = SystemRandom()
    seeded: RandomSource = SeededRandom(7)
    del system, frozen, calendar, csprng, seeded


def journal_checkpoint(tmp: Path) -> None:
    on_disk: CheckpointSink = FileCheckpoint(tmp / "checkpoint.json")
    in_memory: CheckpointSink = MemoryCheckpoint()
    del on_disk, in_memory


def document_inspection() -> None:
    inspector: DocumentInspector = ContentInspector()
    del inspector


def account_security() -> None:
    hasher: PasswordHasher = Argon2idHasher()
    totp: TotpVerifier = TotpAuthenticator()
    passkeys: PasskeyCeremonies = WebauthnPasskeys()
    sealer: SecretSealer = AesGcmSealer({1: b"k" * 32}, 1)
    x509: SignatureVerifier = X509SignatureVerifier([b"-----BEGIN CERTIFICATE-----"])
    nobody: SignatureVerifier = NoTrustedCa()
    cms: SignatureVerifier = CmsSignatureVerifier(EsignatureTrust(roots=()))
    first: SignatureVerifier = FirstCapableVerifier([cms, x509])
    del hasher, totp, passkeys, sealer, x509, nobody, cms, first


def official_documents() -> None:
    pdfs: OfficialDocuments = PadesDocuments(KeySigner.generate())
    stamped: OfficialDocuments = PadesDocuments(KeySigner.generate(), timestamp_url="http://tsa")
    del pdfs, stamped
