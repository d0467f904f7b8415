// Loaded with `node --import` before a bundle, as the local Lambda runtime's own clock: the
// function reads the time as in Lambda (Date), and the runtime sets it to the simulated clock's
// moment for each invocation. The bundle itself knows nothing of this.
const RealDate = globalThis.Date;
const realNow = RealDate.now.bind(RealDate);
let offset = 0;

class RuntimeDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(realNow() + offset);
    else super(...args);
  }
  static now() {
    return realNow() + offset;
  }
}

globalThis.Date = RuntimeDate;
globalThis.__localRuntimeSetTime = (ms) => {
  offset = ms - realNow();
};
