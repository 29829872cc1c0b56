# The n images of Panigrahi et al. Figure 2: a random subset of CIFAR-10's training set, or the stand-in.
import sys

from overparam.cifar10 import CIFAR10Error
from overparam.io import save_npz
from overparam.papers import panigrahi2020_fig2
from overparam.runtime import start_job

p = snakemake.params
# torchvision (and so torch) reads real CIFAR-10; the stand-in needs neither
start_job("panigrahi2020_fig2_data", snakemake.log[0], uses_torch=p.source == "download",
          config=snakemake.config, inputs=snakemake.input)
try:
    data = panigrahi2020_fig2.prepare_images(p.source, p.root, p.images, p.subset_seed)
except CIFAR10Error as err:
    print(f"CIFAR-10 UNAVAILABLE: {err}", file=sys.stderr)
    sys.exit(1)
save_npz(snakemake.output[0], **data)
print(f"{len(data['images'])} images from {panigrahi2020_fig2.data_label(p.source)}", file=sys.stderr)
