"""LinkedIn's data export ("Get a copy of your data") -> a JSON Resume document, privately.

Read straight from the zip, with or without its top folder; every file is optional. Address,
Birth Date, Zip Code, phone numbers, e-mail addresses and connections are never read into
the result: the importer reports that it left them out, and why.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from profilegen.errors import Problem, UserError
from profilegen.importers import ImportResult

KNOWN = ("Profile.csv", "Positions.csv", "Education.csv", "Skills.csv", "Languages.csv", "Certifications.csv",
         "Projects.csv", "Honors.csv", "Publications.csv", "Email Addresses.csv", "PhoneNumbers.csv",
         "Connections.csv")
PRIVATE_COLUMNS = {"Address": "your home address", "Birth Date": "your date of birth",
                   "Zip Code": "your postcode", "Maiden Name": "a former name",
                   "Instant Messengers": "your chat accounts"}
PRIVATE_FILES = {"Email Addresses.csv": "your e-mail addresses", "PhoneNumbers.csv": "your phone numbers",
                 "Connections.csv": "other people's names and e-mail addresses"}
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
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise UserError(Problem(str(path), None, None, f"not a zip file ({exc}); download 'a copy of your data' "
                                    "from LinkedIn and give the .zip as it is")) from None
        self.names = {}
        for name in self.zip.namelist():
            base = name.rsplit("/", 1)[-1]
            if base in KNOWN and name.count("/") <= 1:
                self.names[base] = name
        if not self.names:
            raise UserError(Problem(str(path), None, None, "this zip is not a LinkedIn data export: it has none of "
                                    f"{', '.join(KNOWN[:4])}, …"))

    def rows(self, base: str) -> list[dict]:
        if base not in self.names:
            return []
        try:
            text = self.zip.read(self.names[base]).decode("utf-8-sig")
        except (UnicodeDecodeError, zipfile.BadZipFile, OSError) as exc:
            raise UserError(Problem(f"{self.path}:{self.names[base]}", None, None, f"cannot read it: {exc}")) from None
        lines = text.splitlines(keepends=True)
        # Connections.csv (and some others) start with a few lines of notes before the header.
        start = next((i for i, line in enumerate(lines[:10]) if "," in line and not line.startswith("Notes")
                      and not line.strip().startswith('"When exporting')), 0)
        reader = csv.DictReader(io.StringIO("".join(lines[start:])))
        return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def read_linkedin_export(path: Path, *, language: str = "nl") -> ImportResult:
    export = _Export(path)
    left_out: list[str] = []
    profile_rows = export.rows("Profile.csv")
    profile = profile_rows[0] if profile_rows else {}
    for column, what in PRIVATE_COLUMNS.items():
        if profile.get(column):
            left_out.append(f"{column} (Profile.csv): {what} is private")
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
    return ImportResult(resume, left_out)
