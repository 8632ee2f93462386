/**
 * ipvsadm 1.31's command line and texts: parsing its options as its popt table does (clusters such
 * as {@code -Ln}, {@code -p} with an optional timeout), checking command and option combinations
 * with its table and its messages, running the commands against an {@link dev.ksim.ipvs.Ipvs}, and
 * printing {@code -L}/{@code -l} (with {@code -n}, {@code --stats}, {@code --rate}, {@code
 * --thresholds}, {@code --persistent-conn}, {@code --exact}, {@code -c}, {@code --timeout}) and
 * {@code -S} byte for byte.
 *
 * @see <a
 *     href="https://git.kernel.org/pub/scm/utils/kernel/ipvsadm/ipvsadm.git/tree/ipvsadm.c?h=v1.31">ipvsadm.c
 *     (v1.31)</a>
 */
@NullMarked
package dev.ksim.ipvs.text;

import org.jspecify.annotations.NullMarked;
