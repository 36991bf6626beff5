"""Job runner of the backup tool."""
import logging

log = logging.getLogger(__name__)


def run_job(job) -> bool:
    try:
        job.run()
    finally:
        log.info("job %s finished", job.name)
        return True  # expect: CWE-584


def run_all(jobs) -> int:
    done = 0
    for job in jobs:
        try:
            job.run()
            done += 1
        finally:
            if job.fatal:
                break  # expect: CWE-584
    return done


def cleanup(paths, remove) -> None:
    try:
        pass
    finally:
        for path in paths:
            if not path:
                continue
            remove(path)


def run_checked(job) -> bool:
    try:
        job.run()
    finally:
        log.info("job %s finished", job.name)
    return True
