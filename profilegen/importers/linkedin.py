"""LinkedIn's data export ("Get a copy of your data") -> a JSON Resume document, privately.

Read straight from the zip, with or without its top folder; every file is optional. Address,
Birth Date, Zip Code, phone numbers, e-mail addresses and connections are never read into
the result: the importer reports that it left them out, and why.

A zip says how large its files are, but nothing holds it to that: each file is read with a
limit, and so are the number of files and all that is unpacked together, so a damaged or
hostile zip ends in one located line, never in a full memory.
"""

from __future__ import annotations

import csv
import io
import lzma
import re
import zipfile
import zlib
from pathlib import Path

from profilegen.errors import Problem, UserError
from profilegen.importers import ImportResult, clean_text, control_warning, keep_usable_links
from profilegen.messages import _

MAX_ENTRIES = 20_000        # a complete export (messages, media) has a few hundred files
MAX_FILE = 16_000_000       # unpacked, per CSV file read; LinkedIn's are a few kilobytes
MAX_TOTAL = 64_000_000      # unpacked, all files read together
# What zipfile can unpack (not Deflate64, method 9, which Windows writes for large files).
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", zipfile.ZIP_BZIP2: "bzip2",
            zipfile.ZIP_LZMA: "lzma"}
# What a damaged entry raises while it is unpacked (a bad CRC, a cut stream, a bad header).
_BROKEN = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, NotImplementedError,
           RuntimeError)

KNOWN = ("Profile.csv", "Positions.csv", "Education.csv", "Skills.csv", "Languages.csv", "Certifications.csv",
         "Projects.csv", "Honors.csv", "Publications.csv", "Email Addresses.csv", "PhoneNumbers.csv",
         "Connections.csv")
PRIVATE_COLUMNS = {"Address": _("your home address"), "Birth Date": _("your date of birth"),
                   "Zip Code": _("your postcode"), "Maiden Name": _("a former name"),
                   "Instant Messengers": _("your chat accounts")}
PRIVATE_FILES = {"Email Addresses.csv": _("your e-mail addresses"), "PhoneNumbers.csv": _("your phone numbers"),
                 "Connections.csv": _("other people's names and e-mail addresses")}
_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"], 1)}
FLUENCY = {
    "ELEMENTARY": ("Elementary proficiency", "Elementaire kennis"),
    "LIMITED_WORKING": ("Limited working proficiency", "Beperkte werkkennis"),
    "PROFESSIONAL_WORKING": ("Professional working proficiency", "Professionele werkkennis"),
    "FULL_PROFESSIONAL": ("Full professional proficiency", "Volledige professionele beheersing"),
    "NATIVE_OR_BILINGUAL": ("Native or bilingual proficiency", "Moedertaal of tweetalig"),
}


def _date(value: str) -> str | None:
    """'Jan 2020' -> '2020-01', '2010' -> '2010', '2019-03-04' -> as is; anything else: None."""
    value = (value or "").strip()
    if not value:
        return None
    match = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{4})", value)
    if match and match.group(1).lower() in _MONTHS:
        return f"{match.group(2)}-{_MONTHS[match.group(1).lower()]:02d}"
    if re.fullmatch(r"[12]\d{3}(-[01]\d(-[0-3]\d)?)?", value):
        return value
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", value)  # 3/4/21 in some exports
    if match:
        year = int(match.group(3)) + (2000 if len(match.group(3)) == 2 else 0)
        return f"{year}-{int(match.group(1)):02d}-{int(match.group(2)):02d}"
    return None


def _fluency(value: str, language: str) -> str:
    key = re.sub(r"[^A-Z]+", "_", (value or "").upper()).strip("_").replace("_PROFICIENCY", "")
    if key in FLUENCY:
        return FLUENCY[key][1 if language == "nl" else 0]
    return (value or "").strip()


def _links(websites: str, twitter: str) -> list[dict]:
    profiles = []
    for kind, url in re.findall(r"(?:([A-Z_]+):)?(https?://[^,\]\s]+)", websites or ""):
        name = (kind or "website").lower().replace("_", "-")
        profiles.append({"network": "website" if name in ("personal", "other", "website") else name, "url": url})
    for handle in re.findall(r"\[?@?([A-Za-z0-9_]{1,15})\]?", twitter or ""):
        profiles.append({"network": "x", "username": handle, "url": f"https://x.com/{handle}"})
    return profiles


class _Export:
    def __init__(self, path: Path) -> None:
        self.path, self.shown = path, str(path)
        self.unpacked = 0
        self.warnings: list[Problem] = []
        if path.is_dir():
            raise UserError(Problem(self.shown, None, None, _("is a folder; give the .zip file as LinkedIn sent it "
                                    "(not the folder it unpacks to)")))
        try:
            with open(path, "rb") as handle:
                self._refuse_many_entries(handle)
            self.zip = zipfile.ZipFile(path)
        except OSError as exc:
            raise UserError(Problem(self.shown, None, None, _("cannot read the file: {value}").format(value=exc.strerror or exc))) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
            raise UserError(Problem(self.shown, None, None, _("not a zip file, or not a whole one ({exc}); download "
                                    "'a copy of your data' from LinkedIn again and give the .zip as it is").format(exc=exc))) from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            self._too_many(len(infos))
        self.names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            base = info.filename.rsplit("/", 1)[-1]
            if base in KNOWN and info.filename.count("/") <= 1 and not info.is_dir():
                self.names[base] = info
        if not self.names:
            raise UserError(Problem(self.shown, None, None, _("this zip is not a LinkedIn data export: it has none of "
                                    "{KNOWN}, …").format(KNOWN=', '.join(KNOWN[:4]))))

    def _refuse_many_entries(self, handle) -> None:
        """The count the zip's last record gives, before zipfile reads an entry for each of them."""
        try:
            record = zipfile._EndRecData(handle)  # (zipfile's own reader; None when there is no record)
        except (AttributeError, OSError, ValueError, zipfile.BadZipFile):
            return  # zipfile.ZipFile says what is wrong, and the count is checked once more after it
        if record and record[zipfile._ECD_ENTRIES_TOTAL] > MAX_ENTRIES:
            self._too_many(record[zipfile._ECD_ENTRIES_TOTAL])

    def _too_many(self, count: int) -> None:
        raise UserError(Problem(self.shown, None, None, _("holds {count:,} files; a LinkedIn data export holds a "
                                "few hundred at most (profilegen reads one of up to {MAX_ENTRIES:,})").format(count=count, MAX_ENTRIES=MAX_ENTRIES)))

    def _read(self, info: zipfile.ZipInfo, shown: str) -> bytes:
        """An entry's bytes, never more than MAX_FILE of them, whatever its header says."""
        def refuse(message: str):
            return UserError(Problem(shown, None, None, message))

        if info.flag_bits & 0x1:
            raise refuse(_("is encrypted (the zip has a password); LinkedIn's exports have none: download it again, "
                         "or unpack it and zip the files again without a password"))
        if info.compress_type not in _METHODS:
            method = "Deflate64" if info.compress_type == 9 else f"method {info.compress_type}"
            raise refuse(_("is compressed with {method}, which profilegen cannot unpack; unpack the zip and zip "
                         "the files again (with your system's 'Compress' or 'Send to → Compressed folder')").format(method=method))
        try:
            with self.zip.open(info) as entry:
                data = entry.read(MAX_FILE + 1)
        except _BROKEN as exc:
            raise refuse(_("cannot be unpacked, the zip is damaged ({exc}); download it again").format(exc=exc)) from None
        if len(data) > MAX_FILE:
            raise refuse(_("unpacks to more than {value} MB; LinkedIn's CSV files are a few "
                         "kilobytes, so this is not the export LinkedIn made").format(value=MAX_FILE // 1000000))
        self.unpacked += len(data)
        if self.unpacked > MAX_TOTAL:
            raise refuse(_("with the files before it, unpacks to more than {value} MB; a LinkedIn "
                         "export's CSV files are a few kilobytes, so this is not the export LinkedIn made").format(value=MAX_TOTAL // 1000000))
        return data

    def read_all(self, bases) -> None:
        """Unpack the files that will be read, all before any is parsed: the limits hold first."""
        self.data = {base: self._read(self.names[base], f"{self.path}:{self.names[base].filename}")
                     for base in bases if base in self.names}

    def rows(self, base: str) -> list[dict]:
        if base not in self.data:
            return []
        shown = f"{self.path}:{self.names[base].filename}"
        data = self.data[base]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise UserError(Problem(shown, line, None, _("is not UTF-8 text (byte 0x{data:02x}); "
                                    "LinkedIn writes UTF-8: download the export again").format(data=data[exc.start]))) from None
        lines = text.splitlines(keepends=True)
        # Connections.csv (and some others) start with a few lines of notes before the header.
        start = next((i for i, line in enumerate(lines[:10]) if "," in line and not line.startswith("Notes")
                      and not line.strip().startswith('"When exporting')), 0)
        reader = csv.DictReader(io.StringIO("".join(lines[start:])))
        rows, first = [], start + 2  # (the line a row starts on, for its warnings)
        try:
            for row in reader:
                rows.append(self._clean(row, f"{shown}:{first}"))
                first = start + reader.reader.line_num + 1
        except csv.Error as exc:
            line = start + reader.reader.line_num
            message = str(exc)
            if "field larger than field limit" in message:
                message = (_("a field is longer than {value} KB; LinkedIn's longest "
                           "(a summary) is a few thousand characters, so this is not the export LinkedIn made").format(value=csv.field_size_limit() // 1024))
            raise UserError(Problem(shown, line, None, _("cannot be read as CSV: {message}").format(message=message))) from None
        return rows

    def _clean(self, row: dict, shown: str) -> dict:
        """A row's fields by column name, stripped and without control characters (extra fields,
        beyond the header's columns, are dropped)."""
        out = {}
        for key, value in row.items():
            if key is None or not isinstance(value, str):
                continue
            text, removed = clean_text(value.strip())
            if removed:
                self.warnings.append(control_warning(shown, key.strip(), removed))
            out[clean_text(key.strip())[0]] = text.strip()
        return out


def read_linkedin_export(path: Path, *, language: str = "nl") -> ImportResult:
    export = _Export(path)
    export.read_all(base for base in KNOWN if base not in PRIVATE_FILES)
    left_out: list[str] = []
    profile_rows = export.rows("Profile.csv")
    profile = profile_rows[0] if profile_rows else {}
    for column, what in PRIVATE_COLUMNS.items():
        if profile.get(column):
            left_out.append(_("{column} (Profile.csv): {what} is private").format(column=column, what=what))
    for base, what in PRIVATE_FILES.items():
        if base in export.names:
            left_out.append(f"{base}: {what}, private")

    name = " ".join(filter(None, [profile.get("First Name"), profile.get("Last Name")])) or "Jouw Naam"
    geo = profile.get("Geo Location", "")
    basics: dict = {"name": name}
    if profile.get("Headline"):
        basics["label"] = profile["Headline"]
    if profile.get("Summary"):
        basics["summary"] = profile["Summary"]
    if geo:
        basics["location"] = {"city": geo.split(",")[0].strip()}
    links = _links(profile.get("Websites", ""), profile.get("Twitter Handles", ""))
    if links:
        basics["profiles"] = links
    resume: dict = {"basics": basics}

    def dated(row: dict, start: str, end: str, out: dict, current_if_empty: bool = False) -> dict:
        if _date(row.get(start, "")):
            out["startDate"] = _date(row[start])
        if _date(row.get(end, "")):
            out["endDate"] = _date(row[end])
        return out

    resume["work"] = [dated(row, "Started On", "Finished On", {
        k: v for k, v in {"name": row.get("Company Name"), "position": row.get("Title"),
                          "location": row.get("Location"), "summary": row.get("Description")}.items() if v})
        for row in export.rows("Positions.csv") if row.get("Company Name") or row.get("Title")]
    resume["education"] = [dated(row, "Start Date", "End Date", {
        k: v for k, v in {"institution": row.get("School Name"), "studyType": row.get("Degree Name"),
                          "area": row.get("Notes") if len(row.get("Notes", "")) < 80 else None}.items() if v})
        for row in export.rows("Education.csv") if row.get("School Name")]
    resume["skills"] = [{"name": row["Name"]} for row in export.rows("Skills.csv") if row.get("Name")]
    resume["languages"] = [{"language": row["Name"], **({"fluency": _fluency(row["Proficiency"], language)}
                                                          if row.get("Proficiency") else {})}
                           for row in export.rows("Languages.csv") if row.get("Name")]
    resume["certificates"] = [{k: v for k, v in {"name": row.get("Name"), "issuer": row.get("Authority"),
                                                 "url": row.get("Url"), "date": _date(row.get("Started On", ""))}.items()
                               if v} for row in export.rows("Certifications.csv") if row.get("Name")]
    resume["projects"] = [dated(row, "Started On", "Finished On", {
        k: v for k, v in {"name": row.get("Title"), "description": row.get("Description"),
                          "url": row.get("Url")}.items() if v}) for row in export.rows("Projects.csv") if row.get("Title")]
    resume["awards"] = [{k: v for k, v in {"title": row.get("Title"), "summary": row.get("Description"),
                                           "date": _date(row.get("Issued On", ""))}.items() if v}
                        for row in export.rows("Honors.csv") if row.get("Title")]
    resume["publications"] = [{k: v for k, v in {"name": row.get("Name"), "publisher": row.get("Publisher"),
                                                 "releaseDate": _date(row.get("Published On", "")),
                                                 "url": row.get("Url"), "summary": row.get("Description")}.items() if v}
                              for row in export.rows("Publications.csv") if row.get("Name")]
    resume = {key: value for key, value in resume.items() if value}
    keep_usable_links(resume, export.shown, export.warnings, where="Profile.csv: Websites")
    return ImportResult(resume, left_out, export.warnings)
