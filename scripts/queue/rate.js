// @ts-check
'use strict';

/**
 * Samples a growing counter every 100 ms; stop() gives the most it grew in any one second.
 * @param {() => number} read
 */
function peakPerSecond(read) {
	/** @type {Array<[number, number]>} */
	const samples = [[Date.now(), read()]];
	const timer = setInterval(() => samples.push([Date.now(), read()]), 100);
	return {
		stop() {
			clearInterval(timer);
			samples.push([Date.now(), read()]);
			let peak = 0;
			let from = 0;
			for (const [at, count] of samples) {
				while (at - samples[from][0] > 1000) from++;
				peak = Math.max(peak, count - samples[from][1]);
			}
			return peak;
		},
	};
}

module.exports = { peakPerSecond };
