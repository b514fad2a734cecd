"""Run the kernel tests and write {passed, failed, skipped} to the JSON file given as argv[1]."""
import json
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
with open(sys.argv[1], "w") as fh:
    json.dump({"passed": result.testsRun - failed - skipped, "failed": failed, "skipped": skipped}, fh)
sys.exit(0 if result.wasSuccessful() else 1)
