# -*- coding: utf-8 -*-
"""Cognito's limits on the values sent, read from botocore's service model; its Java patterns in Python."""

from __future__ import annotations

import sys
import unicodedata

import botocore.session
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils import _api_limits
from ansible_collections.cognito.user_pool.plugins.module_utils._api_limits import java_pattern
from ansible_collections.cognito.user_pool.plugins.module_utils._api_limits import limit
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import ATTRIBUTE_NAME_SHAPE
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import ATTRIBUTE_VALUE_SHAPE
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import OPTION_SHAPES
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import shape_errors

USED_SHAPES = sorted(set(OPTION_SHAPES.values()) | {ATTRIBUTE_NAME_SHAPE, ATTRIBUTE_VALUE_SHAPE})
MODEL = botocore.session.get_session().get_service_model("cognito-idp")
NAME_PATTERN = MODEL.shape_for("UsernameType").metadata["pattern"]


@pytest.mark.parametrize("shape", USED_SHAPES)
def test_each_limit_is_the_service_models_own(shape):
    metadata = MODEL.shape_for(shape).metadata
    found = limit(shape)
    assert (found.type, found.min, found.max, found.pattern) == (
        MODEL.shape_for(shape).type_name, metadata.get("min"), metadata.get("max"), metadata.get("pattern"))


@pytest.mark.parametrize("shape", USED_SHAPES)
def test_every_pattern_the_collection_checks_translates(shape):
    # A construct the translation does not know raises: a model that starts using one fails here, not in a run.
    if limit(shape).pattern:
        java_pattern(limit(shape).pattern, wide=True)
        java_pattern(limit(shape).pattern, wide=False)


def _one_of_each_category():
    """A character of every Unicode general category Python knows, the first found of each."""
    found = {}
    for code in range(sys.maxunicode + 1):
        found.setdefault(unicodedata.category(chr(code)), chr(code))
    return found


CATEGORY_EXAMPLES = _one_of_each_category()


@pytest.mark.parametrize("category", sorted(CATEGORY_EXAMPLES))
def test_the_name_pattern_takes_exactly_letters_marks_symbols_numbers_and_punctuation(category):
    character = CATEGORY_EXAMPLES[category]
    wanted = category[0] in "LMSNP"
    assert bool(java_pattern(NAME_PATTERN).fullmatch(character)) is wanted
    assert bool(java_pattern(NAME_PATTERN).fullmatch("ab" + character + "cd")) is wanted


def test_an_ascii_value_gets_the_same_answer_from_the_narrow_and_the_wide_translation():
    for code in range(0x80):
        value = "a" + chr(code)
        assert bool(java_pattern(NAME_PATTERN, wide=False).fullmatch(value)) == bool(java_pattern(NAME_PATTERN).fullmatch(value)) \
            == (unicodedata.category(chr(code))[0] in "LMSNP"), code


@pytest.mark.parametrize("value,accepted", [
    ("seed-a", True), ("alice@example.com", True), ("+15555550100", True), ("Zoë", True), ("e\u0301", True), ("名前", True),
    ("😀", True), ("seed-a ", False), ("seed-a\n", False), (" seed-a", False), ("a b", False), ("a\u00a0b", False),
    ("a\tb", False), ("", False),
], ids=repr)
def test_the_name_pattern_is_matched_whole(value, accepted):
    assert bool(java_pattern(NAME_PATTERN, wide=not value.isascii()).fullmatch(value)) is accepted


def test_java_word_and_space_classes_stay_ascii():
    # Java's \w is [a-zA-Z_0-9] unless UNICODE_CHARACTER_CLASS is set; Python's str \w is Unicode.
    assert java_pattern(r"[\w+]+").fullmatch("Client_1+x")
    assert not java_pattern(r"[\w+]+").fullmatch("clïent")
    # Java's \s is [ \t\n\x0B\f\r]: a no-break space is not white space to it, so \S takes it.
    assert java_pattern(r"[\S]+").fullmatch("a\u00a0")
    assert not java_pattern(r"[\S]+").fullmatch("a\x0b")


@pytest.mark.parametrize("value,accepted", [
    ("arn:aws:iam::123456789012:role/readers", True), ("arn:aws-cn:iam::123456789012:role/path/readers", True),
    ("arn:aws:iam::123456789012:role/read ers", False), ("arn:aws:iam::account:role/readers", False), ("role/readers", False),
])
def test_the_arn_pattern(value, accepted):
    assert bool(java_pattern(limit("ArnType").pattern).fullmatch(value)) is accepted


@pytest.mark.parametrize("source", [r"\P{L}+", r"[\p{L}&&[^a]]+", r"a++", r"(?i)a", r"\Qa\E", r"[[a]b]", r"\p{Xx}"])
def test_a_java_construct_the_translation_does_not_know_is_refused_not_guessed(source):
    with pytest.raises(ValueError):
        java_pattern(source)


def test_the_rules_are_said_in_words_with_the_shape_and_its_pattern():
    assert limit("UsernameType").rule() == (
        "1 to 128 characters, each character a letter, mark, symbol, number or punctuation "
        r"(Cognito's UsernameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+)")
    assert limit("DescriptionType").rule() == "at most 2048 characters (Cognito's DescriptionType)"
    assert limit("PrecedenceType").rule() == "a whole number from 0 to 2147483647 (Cognito's PrecedenceType)"
    assert limit("ArnType").rule().startswith(f"20 to 2048 characters, matching {limit('ArnType').pattern} (Cognito's ArnType)")


@pytest.mark.parametrize("value,problem", [
    ("seed-a ", "character 7 of 7 is U+0020 (SPACE)"),
    ("seed-a\n", "character 7 of 7 is U+000A (a control character)"),
    ("x" * 129, "it has 129 characters"),
    ("seed-a", None),
], ids=repr)
def test_a_problem_says_where_the_value_breaks_the_rule_without_the_value(value, problem):
    assert limit("UsernameType").problem(value) == problem


def test_a_secret_problem_says_only_that_the_rule_is_broken():
    assert limit("UsernameType").problem("Pa55 word!", secret=True) == "it does not keep that rule"


def test_without_botocore_nothing_is_known_and_nothing_is_refused(monkeypatch):
    monkeypatch.setattr(_api_limits, "HAS_BOTOCORE", False)
    _api_limits._shapes.cache_clear()
    _api_limits.limit.cache_clear()
    try:
        assert limit("UsernameType") is None
        assert shape_errors("UsernameType", "seed-a ", "username") == []
    finally:
        _api_limits._shapes.cache_clear()
        _api_limits.limit.cache_clear()


# Cognito's answer to a username outside the pattern, word for word (InvalidParameterException, quoted in
# boto/boto3#2951 for AdminAddUserToGroup): the pattern it names is the one checked before any call.
COGNITO_REFUSAL = ("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy "
                   r"regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+")


def test_the_pattern_checked_is_the_one_cognitos_refusal_quotes():
    assert COGNITO_REFUSAL.rsplit(": ", 1)[1] == limit("UsernameType").pattern == limit("GroupNameType").pattern
