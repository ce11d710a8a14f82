"""Marketing's use cases: one function per command, in modules named after nouns.

A use case's first parameter is its command; its other (keyword) parameters are its
dependencies, named as ``bootstrap`` names them (``uow``, ``access``), plus ``caller`` (the
verified principal) when it acts for someone. Add each module to the list in
``bootstrap.py``. No Flask, gRPC, pika or generated code here.
"""
