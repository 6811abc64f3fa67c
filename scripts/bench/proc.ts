// A child process's memory and CPU, read from /proc (Linux). Elsewhere every figure is undefined.
import fs from "node:fs";

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined. */
export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) the process has used so far, or undefined. With `children`, also what
 * its exited and waited-for children used (a Postgres backend that ended is counted in its postmaster).
 */
export function cpuSeconds(pid: number, opts: { children?: boolean } = {}): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the command name;
    // cutime and cstime follow them.
    let ticks = Number(fields[11]) + Number(fields[12]);
    if (opts.children) ticks += Number(fields[13]) + Number(fields[14]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs`; peak and last in MB. */
export class RssSampler {
  peakKb = 0;
  samples = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 100,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    this.sample();
  }

  sample(): number | undefined {
    const kb = statusKb(this.pid, "VmRSS");
    if (kb !== undefined) {
      this.samples++;
      if (kb > this.peakKb) this.peakKb = kb;
    }
    return kb;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** CPU seconds the whole machine has spent busy (all cores, everything but idle and iowait), or undefined. */
export function machineBusySeconds(): number | undefined {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by every process named "postgres" (servers and their backends, ended ones too). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") total += cpuSeconds(Number(pid), { children: true }) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
