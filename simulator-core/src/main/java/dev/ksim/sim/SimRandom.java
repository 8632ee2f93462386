package dev.ksim.sim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The one source of randomness of a simulation, seeded from the run's {@code --seed}. Because the
 * event loop is single-threaded and draws happen in event order, the same seed gives the same
 * draws.
 */
public final class SimRandom {
  /** The seed used when the user gives none. */
  public static final long DEFAULT_SEED = 1;

  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final SplittableRandom random;
  private final long kernelSecret;

  public SimRandom(long seed) {
    this.random = new SplittableRandom(seed);
    this.kernelSecret = new SplittableRandom(~seed).nextLong();
  }

  /**
   * The kernels' boot-time secret ({@code net_secret}, keying the ephemeral port hash): derived
   * from the seed apart from the sequence of draws, so that it moves no other draw.
   */
  public long kernelSecret() {
    return kernelSecret;
  }

  /** A uniform double in [0, 1). */
  public double nextDouble() {
    return random.nextDouble();
  }

  /** A uniform 32-bit value (the kernel's get_random_u32). */
  public int nextInt() {
    return random.nextInt();
  }

  /** A uniform int in [0, bound). */
  public int nextInt(int bound) {
    checkArgument(bound > 0, "bound must be positive: %s", bound);
    return random.nextInt(bound);
  }

  /** One element of a non-empty list, uniformly. */
  public <T> T pick(List<T> choices) {
    checkArgument(!choices.isEmpty(), "choices must not be empty");
    return choices.get(random.nextInt(choices.size()));
  }

  /**
   * A random name suffix as Kubernetes generates them: characters from the alphabet without vowels
   * and look-alikes.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go">apimachinery
   *     util/rand String</a>
   */
  public String nameSuffix(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return sb.toString();
  }
}
