"""This repository's own test harness: cabinets, people, servers and checks its suites share.

Not shipped: adapter authors get ``accredkit.testing`` (docs/contract-suites.md).
"""
