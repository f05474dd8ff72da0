"""Ask botocore what it resolves for each shared-config case, without a network call.

Reads a JSON list of cases ({"name", "config", "credentials", "profile"}) on
stdin and prints {"version": ..., "results": [...]} with one result per case:
either {"error": "ExceptionName: message"} or the source, the AssumeRole hops
in the order they are called, and the region botocore would use.

botocore's own credential resolver runs as the AWS CLI v1 runs it; only the
calls that would leave the machine are replaced by recorders: the STS and SSO
fetchers and credential_process. Each fake credential's access key names a
record of how it was obtained, so a chain can be read back from the final
credentials.
"""

import datetime
import json
import os
import sys
import tempfile


def main():
    cases = json.load(sys.stdin)
    try:
        import botocore
        import botocore.credentials as bc
        import botocore.session
    except ImportError as e:
        json.dump({"missing": str(e)}, sys.stdout)
        return

    for k in list(os.environ):
        if k.startswith(("AWS_", "BOTO")):
            del os.environ[k]
    home = tempfile.mkdtemp()
    os.environ["HOME"] = home
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["BOTO_CONFIG"] = os.path.join(home, "no-boto-config")

    records = {}
    expiry = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def issue(record):
        key = "RECORD%d" % len(records)
        records[key] = record
        return key

    def fake_credentials(record):
        return {"access_key": issue(record), "secret_key": "x", "token": "t", "expiry_time": expiry}

    def describe(creds):
        frozen = creds.get_frozen_credentials()
        if frozen.access_key in records:
            return records[frozen.access_key]
        return {"source": {"kind": "static", "access_key_id": frozen.access_key,
                           "secret_access_key": frozen.secret_key, "session_token": frozen.token or ""},
                "hops": []}

    class AssumeRoleFetcher:
        def __init__(self, client_creator, source_credentials, role_arn, extra_args=None,
                     mfa_prompter=None, cache=None, expiry_window_seconds=None):
            self._source, self._role_arn, self._args = source_credentials, role_arn, extra_args or {}

        def fetch_credentials(self):
            parent = describe(self._source)
            hop = {"role_arn": self._role_arn,
                   "external_id": self._args.get("ExternalId") or "",
                   "mfa_serial": self._args.get("SerialNumber") or "",
                   "role_session_name": self._args.get("RoleSessionName") or "",
                   "duration_seconds": self._args.get("DurationSeconds") or 0}
            return fake_credentials({"source": parent["source"], "hops": parent["hops"] + [hop]})

    class WebIdentityFetcher:
        def __init__(self, client_creator, web_identity_token_loader, role_arn, extra_args=None,
                     cache=None, expiry_window_seconds=None):
            self._record = {"source": {"kind": "web-identity",
                                       "token_file": web_identity_token_loader._web_identity_token_path,
                                       "role_arn": role_arn,
                                       "role_session_name": (extra_args or {}).get("RoleSessionName") or ""},
                            "hops": []}

        def fetch_credentials(self):
            return fake_credentials(self._record)

    class SSOFetcher:
        def __init__(self, start_url, sso_region, role_name, account_id, client_creator, token_loader=None,
                     cache=None, expiry_window_seconds=None, token_provider=None, sso_session_name=None,
                     time_fetcher=None):
            self._record = {"source": {"kind": "sso", "start_url": start_url, "region": sso_region,
                                       "account_id": account_id, "role_name": role_name,
                                       "session": sso_session_name or ""},
                            "hops": []}

        def fetch_credentials(self):
            return fake_credentials(self._record)

    def run_process(self, command):
        return {"access_key": issue({"source": {"kind": "process", "command": command}, "hops": []}),
                "secret_key": "x", "token": None, "expiry_time": None, "account_id": None}

    def source_credentials(self, name):
        return bc.Credentials(issue({"source": {"kind": "credential_source", "name": name}, "hops": []}), "x")

    bc.AssumeRoleCredentialFetcher = AssumeRoleFetcher
    bc.AssumeRoleWithWebIdentityCredentialFetcher = WebIdentityFetcher
    bc.SSOCredentialFetcher = SSOFetcher
    bc.ProcessProvider._retrieve_credentials_using = run_process
    bc.CanonicalNameCredentialSourcer.source_credentials = source_credentials

    results = []
    for case in cases:
        d = tempfile.mkdtemp(dir=home)
        paths = {}
        for key in ("config", "credentials"):
            paths[key] = os.path.join(d, key)
            with open(paths[key], "wb") as f:
                f.write(case[key].encode("utf-8"))
        os.environ["AWS_CONFIG_FILE"] = paths["config"]
        os.environ["AWS_SHARED_CREDENTIALS_FILE"] = paths["credentials"]
        try:
            session = botocore.session.Session(profile=case["profile"])
            region = session.get_config_variable("region") or ""
            resolver = session.get_component("credential_provider")
            for method in ("boto-config", "ec2-credentials-file", "container-role", "iam-role"):
                resolver.remove(method)  # never leave the machine
            creds = resolver.load_credentials()
            if creds is None:
                results.append({"error": "NoCredentials"})
                continue
            record = describe(creds)
            results.append({"source": record["source"], "hops": record["hops"], "region": region})
        except Exception as e:  # every botocore refusal is a result to compare
            results.append({"error": "%s: %s" % (type(e).__name__, e)})
    json.dump({"version": botocore.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
