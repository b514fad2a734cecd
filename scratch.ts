import { tetragamma, trigammaInverse } from "./kernel-lib/src/stats/special";
console.log(tetragamma(1), tetragamma(0.3), tetragamma(25.5), trigammaInverse(0.15), trigammaInverse(3));
