"""Plain-English wording shared by every app: "1 file", "3 files", never "file(s)"."""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The count and the noun, agreeing: plural(1, "file") is "1 file", plural(2, "file") is
    "2 files", plural(2, "member of staff", "members of staff") for an irregular one."""
    noun = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:,} {noun}"


def in_a_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Formal complaint" becomes "formal complaint", but an
    acronym keeps its capitals ("PALS contact", not "pals contact")."""
    return " ".join(
        word if word.isupper() and len(word) > 1 else word.lower() for word in label.split()
    )
