"""What the cabinet tells a user about a refused file, in Russian and English.

Each message names the problem and gives the cabinet's own advice (rescan, save as PDF,
compress, rename), so the violation alone is enough to fix the upload.
"""

from __future__ import annotations

from typing import Any

from accredkit.errors import Violation

__all__ = ["CODES", "advice", "violation"]

_SIZE_RU = "Размер {size} байт; допускается не более {limit} байт"
_SIZE_EN = "The file is {size} bytes; at most {limit} bytes are allowed"

# code: (message ru, message en, advice ru, advice en); messages are str.format templates.
_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "document.empty": (
        "Файл пустой ({size} байт).",
        "The file is empty ({size} bytes).",
        "Выберите файл заново: возможно, загрузка прервалась.",
        "Choose the file again: the upload may have been interrupted.",
    ),
    "document.too_large": (
        _SIZE_RU + ".",
        _SIZE_EN + ".",
        "Сохраните документ с меньшим разрешением (200–300 dpi) или сожмите PDF.",
        "Save the document at a lower resolution (200-300 dpi) or compress the PDF.",
    ),
    "document.format_not_allowed": (
        "Формат файла ({mime}) не принимается; допустимы: {allowed}.",
        "This file format ({mime}) is not accepted; allowed: {allowed}.",
        "Сохраните документ в одном из допустимых форматов "
        "(документ — в PDF, скан — в JPEG или PNG).",
        "Save the document in one of the allowed formats "
        "(a document as PDF, a scan as JPEG or PNG).",
    ),
    "document.type_mismatch": (
        "Расширение имени обещает {announced}, а по содержимому это {mime}.",
        "The file name says {announced}, but the content is {mime}.",
        "Не переименовывайте файлы вручную: сохраните документ заново в нужном формате.",
        "Do not rename files by hand: save the document again in the right format.",
    ),
    "document.unreadable": (
        "Файл повреждён и не открывается ({detail}).",
        "The file is damaged and cannot be opened ({detail}).",
        "Сохраните или отсканируйте документ заново и проверьте, что он открывается.",
        "Save or scan the document again and check that it opens.",
    ),
    "document.encrypted": (
        "PDF защищён паролем или зашифрован.",
        "The PDF is password-protected or encrypted.",
        "Снимите защиту паролем и сохраните PDF без шифрования.",
        "Remove the password and save the PDF without encryption.",
    ),
    "document.no_pages": (
        "В PDF нет ни одной страницы.",
        "The PDF has no pages.",
        "Сохраните документ в PDF заново.",
        "Save the document to PDF again.",
    ),
    "document.blank_page": (
        "Пустые страницы: {pages}.",
        "Blank pages: {pages}.",
        "Удалите пустые страницы или отсканируйте недостающие листы.",
        "Remove the blank pages or scan the missing sheets.",
    ),
    "document.active_content": (
        "PDF содержит активное содержимое ({names}).",
        "The PDF contains active content ({names}).",
        "Распечатайте документ в PDF («Печать в PDF»): так сценарии и действия удаляются.",
        "Print the document to PDF ('Print to PDF'): that drops scripts and actions.",
    ),
    "document.embedded_file": (
        "PDF содержит вложенные файлы ({names}).",
        "The PDF contains embedded files ({names}).",
        "Загрузите каждый документ отдельным файлом, без вложений.",
        "Upload each document as its own file, without attachments.",
    ),
    "document.too_many_pixels": (
        "Изображение {width}×{height} пикселей больше допустимых {limit} пикселей.",
        "The image is {width}×{height} pixels, over the limit of {limit} pixels.",
        "Сканируйте с разрешением 200–300 dpi или уменьшите изображение.",
        "Scan at 200-300 dpi or scale the image down.",
    ),
    "document.too_small": (
        "Изображение {width}×{height} слишком мало (нужно не менее {short}×{long}).",
        "The image is {width}×{height}, too small (at least {short}×{long} is needed).",
        "Сканируйте документ целиком с разрешением не ниже 200 dpi.",
        "Scan the whole document at 200 dpi or more.",
    ),
    "document.too_blurry": (
        "Скан нечёткий (резкость {sharpness}, нужно не менее {limit}).",
        "The scan is blurry (sharpness {sharpness}, at least {limit} is needed).",
        "Отсканируйте заново: документ ровно на стекле, без бликов, в фокусе.",
        "Scan again: the page flat on the glass, no glare, in focus.",
    ),
    "document.trailing_data": (
        "После конца файла есть посторонние данные ({count} байт).",
        "There are {count} bytes of extra data after the end of the file.",
        "Сохраните документ заново (изображение — в графическом редакторе, PDF — «Печать в PDF»).",
        "Save the document again (an image from an image editor, a PDF with 'Print to PDF').",
    ),
    "document.polyglot": (
        "Файл одновременно является архивом или другим форматом ({names}).",
        "The file is also an archive or another format ({names}).",
        "Сохраните документ заново и загрузите его без архивов и вложений.",
        "Save the document again and upload it without archives or attachments.",
    ),
    "document.too_complex": (
        "Файл слишком сложен для проверки ({detail}).",
        "The file is too complex to check ({detail}).",
        "Сохраните документ заново («Печать в PDF» или скан 200–300 dpi) и загрузите снова.",
        "Save the document again ('Print to PDF', or a scan at 200-300 dpi) and upload it.",
    ),
    "document.bad_name": (
        "Недопустимое имя файла.",
        "The file name is not acceptable.",
        "Назовите файл коротко, без путей и спецсимволов, с расширением .pdf, .jpg или .png.",
        "Give the file a short name without paths or special characters, ending in "
        ".pdf, .jpg or .png.",
    ),
}

_NAME_PROBLEMS: dict[str, tuple[str, str]] = {
    "empty": ("Имя файла пустое.", "The file name is empty."),
    "too_long": (
        "Имя файла длиннее {limit} символов.",
        "The file name is longer than {limit} characters.",
    ),
    "path": (
        "Имя файла содержит путь (/, \\, :, . или ..).",
        "The file name contains a path (/, \\, :, . or ..).",
    ),
    "control": (
        "Имя файла содержит управляющие или невидимые символы.",
        "The file name contains control or invisible characters.",
    ),
    "edges": (
        "Имя файла начинается или заканчивается пробелом или точкой.",
        "The file name starts or ends with a space or a dot.",
    ),
    "extension": (
        "У имени файла нет расширения .pdf, .jpg, .jpeg или .png.",
        "The file name does not end in .pdf, .jpg, .jpeg or .png.",
    ),
    "no_stem": (
        "У имени файла нет названия перед расширением.",
        "The file name has nothing before its extension.",
    ),
}

# The image rules applied to scanned pages of a PDF name the pages.
_PAGE_TEXTS: dict[str, tuple[str, str]] = {
    "document.too_small": (
        "Сканы на страницах {pages} слишком малы ({width}×{height}, нужно не менее "
        "{short}×{long}).",
        "The scans on pages {pages} are too small ({width}×{height}, at least "
        "{short}×{long} is needed).",
    ),
    "document.too_blurry": (
        "Сканы на страницах {pages} нечёткие (резкость {sharpness}, нужно не менее {limit}).",
        "The scans on pages {pages} are blurry (sharpness {sharpness}, at least {limit} "
        "is needed).",
    ),
}

CODES = frozenset(_TEXTS)


def violation(code: str, field: str, **params: Any) -> Violation:
    """The violation ``code`` for ``field``: the problem, then the advice, in ru and en.

    ``params`` fill the message templates; a ``document.bad_name`` takes ``problem``
    (which name rule) and ``limit``.
    """
    ru, en, advice_ru, advice_en = _TEXTS[code]
    problem = params.get("problem")
    if code == "document.bad_name" and problem is not None:
        ru, en = _NAME_PROBLEMS[problem]
    if "pages" in params and code in _PAGE_TEXTS:
        ru, en = _PAGE_TEXTS[code]
    return Violation(
        code=code,
        field=field,
        message_ru=f"{ru.format(**params)} {advice_ru}",
        message_en=f"{en.format(**params)} {advice_en}",
    )


def advice(code: str) -> tuple[str, str]:
    """The cabinet's advice for ``code``: (ru, en)."""
    _, _, ru, en = _TEXTS[code]
    return ru, en
