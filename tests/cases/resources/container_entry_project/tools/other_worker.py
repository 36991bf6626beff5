"""Worker module the tools image runs with ``python -m``: the container's entry point."""
import socket

PORT = 9200


def main() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", PORT))
    sock.close()


if __name__ == "__main__":
    main()
