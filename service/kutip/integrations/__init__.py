"""kutip inside other newsroom systems: plugins that call a kutip server over HTTP.

Each plugin imports only the standard library and kutip itself at import time, so it can be
installed beside the system it plugs into without pulling that system into kutip's tests.
"""
