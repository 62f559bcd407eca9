# -*- coding: utf-8 -*-
"""Every doc fragment is YAML: a colon followed by a space in a plain item makes ansible-doc fail for every module."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import yaml

from ansible_collections.cognito.user_pool.plugins import doc_fragments

FRAGMENTS = [info.name for info in pkgutil.iter_modules(doc_fragments.__path__)]


@pytest.mark.parametrize("name", FRAGMENTS)
def test_each_doc_fragment_reads_as_yaml(name):
    fragment = importlib.import_module(f"{doc_fragments.__name__}.{name}").ModuleDocFragment
    texts = {attribute: getattr(fragment, attribute) for attribute in dir(fragment) if attribute.isupper()}
    assert texts, f"{name} has no documentation"
    for attribute, text in texts.items():
        assert isinstance(yaml.safe_load(text), dict), (name, attribute)
