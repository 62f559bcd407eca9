# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

r"""The limits Cognito's API sets on the values the collection sends: lengths, patterns and ranges.

Private to the collection: not an API, may change in any release.

Every limit is read, once per process, from botocore's service model of
``cognito-idp``, the source of the API reference's "Length Constraints" and
"Pattern" lines; for example AdminCreateUser's ``Username``: "Length
Constraints: Minimum length of 1. Maximum length of 128. Pattern:
[\p{L}\p{M}\p{S}\p{N}\p{P}]+".  Cognito refuses a value that breaks one before
doing anything else, with ``InvalidParameterException: 1 validation error
detected: Value at 'username' failed to satisfy constraint: Member must satisfy
regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+`` (the text quoted in
boto/boto3#2951).  The value must satisfy the pattern whole: ``seed-a `` with
a trailing space is refused although ``seed-a`` in it matches (issue 16).

The patterns are Java regular expressions.  Python's ``re`` has no ``\p{..}``,
and Java's ``\w``, ``\s`` and ``\d`` are ASCII unless a flag says otherwise;
``java_pattern`` translates them: each ``\p{X}`` becomes the characters whose
Unicode general category is ``X`` (``unicodedata``, whose Unicode version may
be a little older or newer than Cognito's Java), the rest is compiled with
``re.ASCII``, and a construct the translation does not know fails loudly
rather than checking something else.  A string's length is counted in
characters, as Smithy's ``length`` trait counts it.

Without botocore (a controller that runs the modules' action plugins but not
the modules) nothing is known, so nothing is refused here; the module's own
host needs botocore in any case, and Cognito refuses the value itself.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from typing import Any, Dict, List, NamedTuple, Optional, Pattern, Tuple

try:
    import botocore.loaders
    HAS_BOTOCORE = True
except ImportError:
    HAS_BOTOCORE = False

SERVICE = "cognito-idp"
# Smithy's integer is a 32-bit signed integer: the range of a shape of type integer that sets no bound of its own.
INTEGER_RANGE = (-2 ** 31, 2 ** 31 - 1)
# Unicode general categories in words, for the messages (the major classes Cognito's patterns use).
CATEGORY_WORDS = {"L": "letter", "M": "mark", "S": "symbol", "N": "number", "P": "punctuation", "Z": "separator",
                  "C": "control or other character"}
# Unicode's general categories (Unicode Standard, section 4.5): the names Java's \p{..} takes, with their first letters.
GENERAL_CATEGORIES = frozenset(["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi",
                                "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"])
_ESCAPE_WORDS = {r"\t": "tab", r"\n": "newline", r"\r": "carriage return", " ": "space"}
_CATEGORY_ESCAPE = re.compile(r"\\[pP]\{(?P<name>[A-Za-z]{1,2})\}")
# A pattern that is one character class repeated: its characters can be told one by one.
_ONE_CLASS = re.compile(r"^\[(?P<members>(?:\\p\{[A-Za-z]{1,2}\}|\\[tnr]| )+)\]\+$")


class Limit(NamedTuple):
    """One shape of the service model, as far as a value sent as it is concerned."""

    shape: str
    type: str  # the model's type: string, integer, ...
    min: Optional[int] = None  # a string's least length, an integer's least value
    max: Optional[int] = None
    pattern: Optional[str] = None  # Java syntax, as the model holds it

    def bounds(self) -> Tuple[Optional[int], Optional[int]]:
        """The least and greatest value (integers) or length (strings) the shape takes."""
        if self.type == "integer":
            return (INTEGER_RANGE[0] if self.min is None else self.min, INTEGER_RANGE[1] if self.max is None else self.max)
        return (self.min, self.max)

    def rule(self) -> str:
        """The shape's rules in words, for example ``1 to 128 characters, each character a letter, mark, ...``."""
        low, high = self.bounds()
        if self.type == "integer":
            return f"a whole number from {low} to {high} (Cognito's {self.shape})"
        words = [_length_words(low, high)] if low not in (None, 0) or high is not None else []
        classes = _class_words(self.pattern) if self.pattern else ""
        if classes:
            words.append(f"each character a {classes}")
        elif self.pattern:
            words.append(f"matching {self.pattern}")
        source = f", pattern {self.pattern}" if classes else ""
        return f"{', '.join(words) or 'any text'} (Cognito's {self.shape}{source})"

    def problem(self, value: Any, secret: bool = False) -> Optional[str]:
        """What in ``value`` breaks the shape's rules, without the value; None when it keeps them.

        ``secret`` leaves out every detail (length, position): only that the rule is broken.
        """
        low, high = self.bounds()
        if self.type == "integer":
            broken = isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high
            return "it is outside that range" if broken else None
        if not isinstance(value, str):
            return None
        detail = None
        if low is not None and len(value) < low or high is not None and len(value) > high:
            detail = f"it has {len(value)} character{'s' if len(value) != 1 else ''}"
        elif self.pattern and not java_pattern(self.pattern, wide=not value.isascii()).fullmatch(value):
            detail = _first_refused(self.pattern, value) or "it does not match the pattern"
        if detail is None:
            return None
        return "it does not keep that rule" if secret else detail


def _length_words(low: Optional[int], high: Optional[int]) -> str:
    if low and high is not None:
        return f"{low} to {high} characters"
    if high is not None:
        return f"at most {high} characters"
    return f"at least {low} characters"


def _class_words(pattern: str) -> str:
    """``letter, mark, symbol, number or punctuation`` for ``[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+``; "" for other patterns."""
    found = _ONE_CLASS.match(pattern)
    if not found:
        return ""
    members = re.findall(r"\\p\{([A-Za-z]{1,2})\}|(\\[tnr]| )", found.group("members"))
    words = [_ESCAPE_WORDS[escape] if escape else CATEGORY_WORDS[category[0]] + (f" ({category})" if len(category) > 1 else "")
             for category, escape in members]
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _first_refused(pattern: str, value: str) -> Optional[str]:
    """``character 7 of 7 is U+0020 (SPACE)``: the first character a one-class pattern refuses."""
    found = _ONE_CLASS.match(pattern)
    if not found:
        return None
    one = f"[{found.group('members')}]"
    for position, character in enumerate(value, 1):
        if not java_pattern(one, wide=not character.isascii()).fullmatch(character):
            category = unicodedata.category(character)
            name = unicodedata.name(character, "") or ("a control character" if category == "Cc" else f"category {category}")
            return f"character {position} of {len(value)} is U+{ord(character):04X} ({name})"
    return None


# -- the service model ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def _shapes() -> Dict[str, Dict[str, Any]]:
    if not HAS_BOTOCORE:
        return {}
    return dict(botocore.loaders.create_loader().load_service_model(SERVICE, "service-2")["shapes"])


@lru_cache(maxsize=None)
def limit(shape: str) -> Optional[Limit]:
    """The limits of ``shape`` (``UsernameType``, ``GroupNameType``, ...); None without botocore.

    A shape the model does not have is a programming error (a renamed shape): KeyError.
    """
    shapes = _shapes()
    if not shapes:
        return None
    found = shapes[shape]
    return Limit(shape, found["type"], found.get("min"), found.get("max"), found.get("pattern"))


# -- Java patterns in Python ---------------------------------------------------------------

@lru_cache(maxsize=2)
def _categories(wide: bool) -> Dict[str, List[int]]:
    """Code points by Unicode general category: all of them when ``wide``, else ASCII's (enough for an ASCII value)."""
    found: Dict[str, List[int]] = {}
    for code in range(sys.maxunicode + 1 if wide else 0x80):
        found.setdefault(unicodedata.category(chr(code)), []).append(code)
    return found


@lru_cache(maxsize=None)
def _category_members(name: str, wide: bool) -> str:
    """The characters of category ``name`` (``L`` or ``Lu``) as ranges for a Python character class."""
    if name not in GENERAL_CATEGORIES and name not in {category[0] for category in GENERAL_CATEGORIES}:
        raise ValueError(f"{name} is not a Unicode general category")
    codes = sorted(code for category, members in _categories(wide).items() if category.startswith(name) for code in members)
    if not codes:
        # No ASCII character is in the category; a value checked narrowly is ASCII, so this one never matches it.
        return "\\U0010ffff"
    ranges, start, previous = [], codes[0], codes[0]
    for code in codes[1:] + [-1]:
        if code == previous + 1:
            previous = code
            continue
        ranges.append(f"\\U{start:08x}" if start == previous else f"\\U{start:08x}-\\U{previous:08x}")
        start = previous = code
    return "".join(ranges)


@lru_cache(maxsize=None)
def java_pattern(source: str, wide: bool = True) -> Pattern:
    """``source``, a Java regular expression of the service model, as a Python pattern that accepts the same strings.

    ``wide=False`` is for ASCII values only: ``\\p{..}`` then holds ASCII characters, which is cheaper to build.
    Raises ValueError on a construct whose meaning differs and that the translation does not handle.
    """
    out: List[str] = []
    index, in_class = 0, False
    while index < len(source):
        character = source[index]
        if character == "\\":
            category = _CATEGORY_ESCAPE.match(source, index)
            if category:
                if source[index + 1] == "P":
                    raise ValueError(f"the negated category {category.group(0)} is not translated")
                members = _category_members(category.group("name"), wide)
                out.append(members if in_class else f"[{members}]")
                index = category.end()
                continue
            if source[index + 1:index + 2] in ("Q", "E", "G", "Z", "R", "X", "h", "H", "v", "V"):
                raise ValueError(f"the Java escape \\{source[index + 1]} is not translated")
            out.append(source[index:index + 2])
            index += 2
            continue
        if character == "[":
            if in_class:
                raise ValueError("a character class inside a character class (Java's union) is not translated")
            in_class = True
        elif character == "]" and in_class:
            in_class = False
        elif in_class and source.startswith("&&", index):
            raise ValueError("Java's class intersection && is not translated")
        elif not in_class and character in "+*?}" and source[index + 1:index + 2] == "+":
            raise ValueError("Java's possessive quantifiers are not translated")
        elif not in_class and source.startswith("(?", index) and source[index + 2:index + 3] not in (":",):
            raise ValueError("Java's group constructs other than (?:...) are not translated")
        out.append(character)
        index += 1
    return re.compile("".join(out), re.ASCII)
