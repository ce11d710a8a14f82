"""The log handler: every line written once, in order per thread, and flush waits for them."""

from __future__ import annotations

import logging
import threading

from crm_chassis.logging import LineWriterHandler


def test_every_line_is_written_once_in_order_and_flush_waits(capsys) -> None:
    handler = LineWriterHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("crm.test.log_writer")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def emit(name: str) -> None:
        for n in range(200):
            logger.info("%s-%d", name, n)

    try:
        threads = [threading.Thread(target=emit, args=(f"t{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        handler.flush()
    finally:
        logger.removeHandler(handler)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 800
    for i in range(4):
        mine = [int(line.split("-")[1]) for line in lines if line.startswith(f"t{i}-")]
        assert mine == list(range(200))
