# -*- coding: utf-8 -*-
"""The harness the functional tests share.

``moto_server`` runs a local moto server, ``proxy`` puts a recording and
throttling HTTP proxy in front of it, ``cognito`` builds pools, app clients and
users in every status through boto3, and ``playbook`` runs real
``ansible-playbook`` against the proxy and hands back each task's result.
"""
