/**
 * {@code underlay bench}: parse, link, validate, revalidation, drawing and drift figures
 * ({@link org.underlay.bench.design.DesignBench}) on synthetic designs of any size
 * ({@link org.underlay.bench.design.SyntheticDesign}).
 */
package org.underlay.bench.design;
