"""Moving averages for the metrics dashboard."""


def deltas(samples: list) -> list:
    out = []
    for i in range(len(samples)):  # expect: CWE-193
        out.append(samples[i + 1] - samples[i])
    return out


def cumulative(samples: list) -> list:
    running, out = 0, []
    for i in range(len(samples) + 1):  # expect: CWE-193
        running += samples[i]
        out.append(running)
    return out


def scan(samples: list, limit: float) -> int:
    i = 0
    while i <= len(samples):  # expect: CWE-193
        if samples[i] > limit:
            break
        i += 1
    return i


def deltas_ok(samples: list) -> list:
    return [samples[i + 1] - samples[i] for i in range(len(samples) - 1)]


def pairs(samples: list) -> list:
    out = []
    for i in range(len(samples)):
        if i + 1 < len(samples):
            out.append((samples[i], samples[i + 1]))
    return out


def prefix_sums(samples: list) -> list:
    sums = [0] * (len(samples) + 1)
    for i in range(1, len(samples) + 1):
        sums[i] = sums[i - 1] + samples[i - 1]
    return sums
