// Cold and warm image pulls in STARTING. An EC2 instance pulls an image the first time a job of it
// lands there and keeps it (the ECS agent's default ECS_IMAGE_PULL_BEHAVIOR: layers already on the
// instance are not downloaded again); a job that arrives while that pull is still running waits for
// the same pull. A Fargate task has no image cache, so every task pulls the whole image.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pull-behavior.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html
import type { ImagePullAssumptions, JobDefinition } from '../scenario/types.js';
import type { Instance } from './instance.js';

export class ImagePulls {
  /** Cold pulls so far (each downloads the image's layers from ECR; a warm pull downloads nothing). */
  coldPulls = 0;
  /** MiB the cold pulls of sized images downloaded, and cold pulls of images known only by a pull time. */
  coldPullMiB = 0;
  coldPullsWithoutSize = 0;

  private constructor(
    private readonly coldMsByImage: ReadonlyMap<string, number>,
    private readonly sizeMiBByImage: ReadonlyMap<string, number>,
  ) {}

  /**
   * The pulls of a scenario's images, or null when no image the definitions name has a pull time:
   * then containerStart alone times STARTING, exactly as before pulls were modelled.
   */
  static of(pull: ImagePullAssumptions | undefined, definitions: readonly JobDefinition[]): ImagePulls | null {
    if (pull === undefined) return null;
    const used = new Set(definitions.map((d) => d.image ?? null).filter((i): i is string => i !== null));
    const ms = new Map<string, number>();
    const sizes = new Map<string, number>();
    for (const [image, time] of Object.entries(pull.images)) {
      if (!used.has(image)) continue;
      ms.set(image, time.kind === 'time' ? time.ms : Math.round((time.sizeMiB / pull.throughputMiBPerSecond) * 1000));
      if (time.kind === 'size') sizes.set(image, time.sizeMiB);
    }
    return ms.size > 0 ? new ImagePulls(ms, sizes) : null;
  }

  /** A cold pull of the image, in ms (0 for an image without a pull time). */
  coldMs(image: string | null | undefined): number {
    return image == null ? 0 : (this.coldMsByImage.get(image) ?? 0);
  }

  /**
   * When `image` is on `host`, for an attempt whose host can start pulling at `from` (a Fargate
   * task once provisioned). Records a cold pull in the instance's cache, in flight until it ends.
   */
  pulledAt(host: Instance, image: string | null | undefined, from: number): number {
    const cold = this.coldMs(image);
    if (cold === 0) return from;
    if (host.fargate) {
      this.countCold(image!);
      return from + cold;
    }
    const cache = (host.imageCache ??= new Map());
    const cachedAt = cache.get(image!);
    // Cached: warm (its pull ended) or in flight (wait for the same pull to end).
    if (cachedAt !== undefined) return Math.max(from, cachedAt);
    cache.set(image!, from + cold);
    this.countCold(image!);
    return from + cold;
  }

  /** The ECR bytes of a cold pull, for the data part of the bill (dataMovement.ts). */
  private countCold(image: string): void {
    this.coldPulls++;
    const mib = this.sizeMiBByImage.get(image);
    if (mib === undefined) this.coldPullsWithoutSize++;
    else this.coldPullMiB += mib;
  }
}
