#!/usr/bin/env python3
"""Signs a fixed set of CloudStack API requests with two independent clients and prints them as JSON.

- PyPI ``cs`` (the client behind Ansible's CloudStack modules): ``CloudStack._sign``
- Apache Libcloud's CloudStack driver: ``CloudStackConnection._make_signature``

CrossClientSigningTest (JUnit) runs this script with the venv that scripts/test.sh creates
(~/.cache/dinfra/venv-cloudstack) and compares every signature with the reactor's signer and
with CloudStack's own server-side algorithm (ApiServer.verifyRequest, as the test's fake
implements it).

Each case may name the clients known to sign it differently from the CloudStack server, and why;
the test then checks that they really differ, so a change in a client is noticed.
"""
import base64
import json
import sys

from importlib.metadata import version

from cs.client import CloudStack, transform
from libcloud.common.cloudstack import CloudStackConnection

DOC_API_KEY = "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg"
DOC_SECRET = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ"
SECRET = "s3cr3t-K3y_with-dashes_and_underscores"

TILDE = "Python's quote() leaves '~' unescaped; CloudStack's URLEncoder encodes it as %7E"
BRACKETS = "Libcloud leaves '[' and ']' in values unescaped; CloudStack's URLEncoder encodes them"
KEY_ORDER = ("Libcloud sorts lower-cased names; CloudStack sorts the names as sent (upper case first) "
             "and lower-cases afterwards")

user_data = base64.b64encode(
    "#cloud-config\npackages: [curl]\nruncmd:\n  - echo 'hello world' > /tmp/x\n".encode()).decode()

tags = {"command": "createTags", "resourcetype": "UserVm", "resourceids": "6d4f-11",
        "tags": [{"key": "dinfra:subscription", "value": "7"}, {"key": "dinfra:provider", "value": "acme eu-1"}],
        "apikey": "k", "response": "json"}
transform(tags)  # cs's own expansion to tags[0].key, tags[0].value, ...

CASES = [
    ("documentation example (listUsers)", DOC_SECRET,
     {"apikey": DOC_API_KEY, "command": "listUsers", "response": "json"}, {}),
    ("space in a value", SECRET, {"apikey": "k", "command": "listZones", "name": "zone one", "response": "json"}, {}),
    ("asterisk", SECRET, {"apikey": "k", "command": "listVirtualMachines", "keyword": "web*", "response": "json"}, {}),
    ("plus sign", SECRET, {"apikey": "k", "command": "listZones", "name": "a+b", "response": "json"}, {}),
    ("slash, equals and ampersand", SECRET,
     {"apikey": "k", "command": "registerSSHKeyPair", "name": "a/b=c&d", "publickey": "ssh-ed25519 AAAA/+= x",
      "response": "json"}, {}),
    ("unicode", SECRET, {"apikey": "k", "command": "listZones", "name": "Zürich 東京 🚀", "response": "json"}, {}),
    ("quote, parentheses, exclamation mark, percent, colon, comma", SECRET,
     {"apikey": "k", "command": "listZones", "name": "it's (really) 100%! a:b,c", "response": "json"}, {}),
    ("base64 user data with + / =", SECRET,
     {"apikey": "k", "command": "deployVirtualMachine", "zoneid": "z", "serviceofferingid": "o", "templateid": "t",
      "userdata": user_data, "response": "json"}, {}),
    ("indexed tag parameters as cs builds them", SECRET, tags, {}),
    ("mixed-case names in lower-case order", SECRET,
     {"apiKey": "k", "command": "listVirtualMachines", "zoneId": "Z-1", "response": "json"}, {}),
    ("mixed-case name sorting before lower-case ones", SECRET,
     {"apikey": "k", "command": "listVirtualMachines", "Zoneid": "z", "response": "json"}, {"libcloud": KEY_ORDER}),
    ("tilde", SECRET, {"apikey": "k", "command": "listZones", "name": "~home", "response": "json"},
     {"cs": TILDE, "libcloud": TILDE}),
    ("brackets in a value", SECRET, {"apikey": "k", "command": "listZones", "name": "[eu]", "response": "json"},
     {"libcloud": BRACKETS}),
    ("signature version 3 with expires", SECRET,
     {"apikey": "k", "command": "listZones", "response": "json", "signatureversion": "3",
      "expires": "2031-01-02T03:04:05+0000"}, {}),
]


def sign_cs(params, secret):
    client = CloudStack(endpoint="http://127.0.0.1/client/api", key="unused", secret=secret)
    data = dict(params)
    client._sign(data)
    return data["signature"]


def sign_libcloud(params, secret):
    connection = CloudStackConnection("unused", secret, host="127.0.0.1")
    return connection._make_signature(dict(params)).decode("ascii")


def main():
    out = {"clients": {"cs": version("cs"), "apache-libcloud": version("apache-libcloud")}, "cases": []}
    for name, secret, params, deviations in CASES:
        out["cases"].append({"name": name, "secret": secret, "params": params,
                             "cs": sign_cs(params, secret), "libcloud": sign_libcloud(params, secret),
                             "deviations": deviations})
    json.dump(out, sys.stdout, ensure_ascii=True, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
