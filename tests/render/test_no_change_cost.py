"""A render with nothing to do stays cheap: planning and fingerprints import no pandas."""

import subprocess
import sys


def test_fingerprints_of_the_default_catalog_import_no_pandas():
    code = ("import sys; from sahel_analysis.render import jobs, store; "
            "[store.fingerprint(job, ('html', 'pdf')) for job in jobs.plan()]; "
            "print(sorted(m for m in ('pandas', 'pandera', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
