"""Ports to the outside world and their implementations (ARCHITECTURE.md, "Integrations").

Each provider family (payments/ now; carriers/ and sms/ later) has one narrow port
(`port.py`), the real client, an offline fake that behaves like it, and a `registry.py`
that picks one from the settings. This package sits just above `core`: it never imports
a business context. The fakes keep their own records (the provider's side of the story)
in this app's tables.
"""
