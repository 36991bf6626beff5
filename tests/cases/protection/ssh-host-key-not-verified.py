"""SSH clients: accepting unknown host keys flagged, known-hosts loading not."""

import paramiko


def deploy(host, key_file):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: CWE-295
    client.connect(host, key_filename=key_file)
    return client


def deploy_checked(host, key_file):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, key_filename=key_file)
    return client
