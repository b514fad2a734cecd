/**
 * 4PL dose-response fit against R's nls(fc ~ SSfpl(log(conc), A, B, xmid, scal)) on simulated
 * fold changes (values printed by R; xmid = log EC50, scal = 1 / hill).
 */
import { describe, expect, it } from "vitest";
import { fitFourPL } from "../../src/qpcr";

const conc = [0.01, 0.03, 0.1, 0.3, 1, 3, 10].flatMap((c) => [c, c, c]);
const fc = [1.0641305691529819, 1.0699277276542538, 1.0782338124472535, 1.2415081586523828, 1.2626738554230927, 1.267181160603102, 2.1128223983455356, 2.0315755245905764, 2.2324709121068933, 3.8456195451089501, 3.9751540857879442, 4.1124929394305614, 6.1463973407775301, 5.8868065587549365, 7.124461717210381, 6.3845617982923546, 7.9497787604046186, 7.4966456964406589, 8.457393957538045, 8.1189549269376169, 9.1290596997455395];
const close = (a: number, b: number, tol = 1e-6) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("four-parameter logistic", () => {
  it("matches R's nls with SSfpl: parameters, standard errors, residual sum of squares", () => {
    const f = fitFourPL(conc, fc);
    expect(f.converged).toBe(true);
    close(f.bottom, 0.79253320766508784);
    close(f.top, 8.7527259781281064);
    close(Math.log(f.ec50), -0.76453614714605567);
    close(1 / f.hill, 1.0246510481354927);
    close(f.rss, 3.4416714270978508, 1e-9);
    close(f.se.bottom, 0.30715893097223079, 1e-5);
    close(f.se.top, 0.42221586224005109, 1e-5);
    close(f.se.logEc50, 0.1680016534509266, 1e-5);
    close(f.se.hill, 0.17323325264274794 / 1.0246510481354927 ** 2, 1e-5);
    expect(f.ec50CI[0]).toBeLessThan(f.ec50);
    expect(f.ec50CI[1]).toBeGreaterThan(f.ec50);
    close(f.predict(f.ec50), (f.bottom + f.top) / 2, 1e-12);
  });
  it("names bad input", () => {
    expect(() => fitFourPL([0, 1, 2, 3, 4], [1, 2, 3, 4, 5])).toThrow(/point 1: concentration must be positive/);
    expect(() => fitFourPL([1, 1, 2, 2, 3], [1, 2, 3, 4, 5])).toThrow(/at least four different concentrations/);
  });
});
