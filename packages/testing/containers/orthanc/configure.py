"""Builds Orthanc's configuration the way orthancteam/orthanc documents it (see CONTRACT.md):
image defaults, then every /etc/orthanc/*.json (with ${VAR} taken from the environment),
plugins enabled by their section or their *_PLUGIN_ENABLED variable and copied into the
plugin folder, then the authentication check Orthanc 1.13 makes at start."""
import glob
import json
import os
import re
import shutil
import sys

DEFAULTS = {
    "StorageDirectory": "/var/lib/orthanc/db",
    "RemoteAccessAllowed": True,
    "AuthenticationEnabled": True,
    "HttpsCACertificates": "/etc/ssl/certs/ca-certificates.crt",
    "Plugins": ["/usr/share/orthanc/plugins"],
}

# section -> (enabling variable, libraries, defaults the image adds to the section)
PLUGINS = {
    "DicomWeb": ("DICOM_WEB_PLUGIN_ENABLED", ["libOrthancDicomWeb.so"], {"Enable": True}),
    "PostgreSQL": (
        "POSTGRESQL_PLUGIN_ENABLED",
        ["libOrthancPostgreSQLIndex.so", "libOrthancPostgreSQLStorage.so"],
        {"EnableIndex": True, "EnableStorage": False, "Port": 5432, "Host": "HOST MUST BE DEFINED",
         "Database": "postgres", "Username": "postgres", "Password": "postgres", "EnableSsl": False,
         "Lock": False},
    ),
}


def substitute(text):
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: os.environ.get(m.group(1) or m.group(2), ""), text)


def merge(into, extra):
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value


def main(out):
    config = json.loads(json.dumps(DEFAULTS))
    for path in sorted(glob.glob("/etc/orthanc/*.json")):
        print(f"configure: reading {path}", file=sys.stderr)
        with open(path, encoding="utf-8") as f:
            try:
                merge(config, json.loads(substitute(f.read())))
            except json.JSONDecodeError as e:
                sys.exit(f"configure: {path} is not valid JSON: {e}")
    for section, (variable, libs, defaults) in PLUGINS.items():
        flag = os.environ.get(variable)
        if (flag is not None and flag != "false") or section in config:
            section_config = dict(defaults)
            merge(section_config, config.get(section, {}))
            config[section] = section_config
            for lib in libs:
                shutil.copy(f"/usr/share/orthanc/plugins-available/{lib}", "/usr/share/orthanc/plugins/")
            print(f"configure: plugin {section} enabled", file=sys.stderr)
    if config.get("RemoteAccessAllowed", True) and config.get("AuthenticationEnabled", True) \
            and not config.get("RegisteredUsers"):
        sys.exit("configure: HTTP authentication is on and remote access is allowed, but no user is "
                 "declared in RegisteredUsers: Orthanc 1.13 refuses to start")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)


main(sys.argv[1])
