"""Draw results/bench.png from results/bench.json (compute units and transactions against the number of positions)."""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

out = Path(sys.argv[1] if len(sys.argv) > 1 else "results")
report = json.loads((out / "bench.json").read_text())
sizes = report["sizes"]
n = [s["positions"] for s in sizes]

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
left.plot(n, [s["resolve_median_cu"] for s in sizes], "o-", label="loss event: record + draw + clawback (1 instruction)")
left.plot(n, [s["settle_median_cu"] for s in sizes], "s-", label="one wallet's settle")
left.set_xscale("log")
left.set_ylim(bottom=0)
left.set_xlabel("open positions with at-risk profit")
left.set_ylabel("compute units (bytecode, metered)")
left.set_title("Cost of one loss event")
left.grid(True, which="both", alpha=0.3)
left.legend(fontsize=8)

right.plot(n, [1 for _ in sizes], "o-", label="this program: 1 transaction")
right.plot(n, [s["naive_transactions"] for s in sizes], "^--", label=f"naive: {sizes[-1]['naive_accounts_per_tx']} accounts per transaction")
right.set_xscale("log")
right.set_yscale("log")
right.set_xlabel("open positions with at-risk profit")
right.set_ylabel("transactions per loss event")
right.set_title("Transactions per loss event")
right.grid(True, which="both", alpha=0.3)
right.legend(fontsize=8)

fig.tight_layout()
fig.savefig(out / "bench.png", dpi=110)
print(f"wrote {out / 'bench.png'}")
