"""CIFAR-10 data path: torchvision's loader on a fixture in CIFAR-10's own layout, checksums, offline errors."""
import shutil

import numpy as np
import pytest

from cifar10_fixture import write_fixture
from overparam import cifar10
from overparam.data import section2_preprocess
from overparam.papers.panigrahi2020 import compute_fig2 as fig2
from overparam.papers.panigrahi2020.settings import data_label
from overparam.seeding import rng


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cifar-fixture")
    cls, images, labels = write_fixture(folder)
    return folder / cls.filename, cls, images, labels


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to download."""
    def refuse(*args, **kwargs):
        raise AssertionError("a download was attempted")
    monkeypatch.setattr("torchvision.datasets.utils.download_url", refuse)


def test_local_archive_with_matching_checksum_is_extracted_and_loaded(fixture, tmp_path, no_network):
    archive, cls, images, labels = fixture
    shutil.copy(archive, tmp_path / cls.filename)
    got, got_labels = cifar10.load_training_images(tmp_path, dataset_cls=cls)
    assert got.dtype == np.uint8 and got.shape == (40, 3072)
    np.testing.assert_array_equal(got, images)  # CIFAR rows are R, G, B planes: ToTensor's C, H, W order
    np.testing.assert_array_equal(got_labels, labels)
    # a second call uses the verified extracted files
    (tmp_path / cls.filename).unlink()
    np.testing.assert_array_equal(cifar10.load_training_images(tmp_path, dataset_cls=cls)[0], images)


def test_corrupted_archive_is_reported_never_reused_or_redownloaded(fixture, tmp_path, no_network):
    archive, cls, _, _ = fixture
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / cls.filename).write_bytes(bytes(data))
    with pytest.raises(cifar10.CIFAR10Corrupted, match="md5 .*expected") as err:
        cifar10.load_training_images(tmp_path, dataset_cls=cls)
    assert str(tmp_path / cls.filename) in str(err.value)
    assert "cifar10_source=synthetic" in str(err.value)


def test_archive_checksum_is_the_one_the_class_configures(fixture, tmp_path, no_network):
    archive, cls, _, _ = fixture
    shutil.copy(archive, tmp_path / cls.filename)

    class OtherChecksum(cls):
        tgz_md5 = "0" * 32

    with pytest.raises(cifar10.CIFAR10Corrupted, match="0{32}"):
        cifar10.ensure_dataset(tmp_path, dataset_cls=OtherChecksum)


def test_corrupted_batch_file_without_archive_is_an_error(fixture, tmp_path, no_network):
    archive, cls, _, _ = fixture
    shutil.copy(archive, tmp_path / cls.filename)
    cifar10.ensure_dataset(tmp_path, dataset_cls=cls)
    (tmp_path / cls.filename).unlink()
    batch = tmp_path / cls.base_folder / "data_batch_3"
    batch.write_bytes(batch.read_bytes()[:-10])
    with pytest.raises(cifar10.CIFAR10Corrupted, match="fail torchvision's md5"):
        cifar10.ensure_dataset(tmp_path, dataset_cls=cls)


def test_offline_without_archive_says_what_to_do_and_leaves_nothing(fixture, tmp_path):
    _, cls, _, _ = fixture
    root = tmp_path / "cifar"
    with pytest.raises(cifar10.CIFAR10Unavailable) as err:
        cifar10.ensure_dataset(root, dataset_cls=cls)  # cls.url: nothing listens on 127.0.0.1:9
    message = str(err.value)
    for hint in ("could not download", cls.filename, cls.tgz_md5, "cifar10_root", "cifar10_source=synthetic"):
        assert hint in message
    assert list(root.iterdir()) == []  # no partial archive that could look complete


def test_no_download_allowed(tmp_path, fixture):
    _, cls, _, _ = fixture
    with pytest.raises(cifar10.CIFAR10Unavailable, match="no CIFAR-10 in"):
        cifar10.ensure_dataset(tmp_path, download=False, dataset_cls=cls)


def test_subset_and_preprocessing_on_the_fixture(fixture, tmp_path, no_network):
    archive, cls, images, labels = fixture
    shutil.copy(archive, tmp_path / cls.filename)
    data = fig2.prepare_images("download", tmp_path, 30, subset_seed=0, dataset_cls=cls)
    assert data["images"].shape == (30, 3072) and str(data["source"]) == "download"
    np.testing.assert_array_equal(data["images"], images[data["index"]])
    np.testing.assert_array_equal(data["labels"], labels[data["index"]])
    again = fig2.prepare_images("download", tmp_path, 30, subset_seed=0, dataset_cls=cls)
    np.testing.assert_array_equal(again["index"], data["index"])
    X = fig2.features(data["images"])
    assert X.shape == (30, 3074)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(X[:, -1], np.sqrt(0.5), atol=0)
    rho = X @ X.T
    assert rho.min() >= 0.5 - 1e-12  # non-negative pixels: distances <= 1
    with pytest.raises(ValueError, match="asked for 41 images"):
        cifar10.random_subset(rng(0, "x"), images, labels, 41)


def test_section2_preprocessing():
    X = np.array([[3.0, 4.0], [0.0, 1.0], [1.0, 0.0]])
    P = section2_preprocess(X)
    np.testing.assert_allclose(P[0], [3 / (5 * np.sqrt(2)), 4 / (5 * np.sqrt(2)), 0.0, np.sqrt(0.5)])
    np.testing.assert_allclose(np.linalg.norm(P, axis=1), 1.0)
    np.testing.assert_allclose(P[1, 2], np.sqrt(0.5 - 1 / 50))  # the completing coordinate
    for bad in (np.zeros((2, 3)), np.array([[np.nan, 1.0]]), np.zeros((0, 3))):
        with pytest.raises(ValueError):
            section2_preprocess(bad)


def test_stand_in_is_deterministic_and_image_like():
    images, labels = cifar10.synthetic_images(rng(0, "s"), 300)
    again, _ = cifar10.synthetic_images(rng(0, "s"), 300)
    np.testing.assert_array_equal(images, again)
    assert images.dtype == np.uint8 and images.shape == (300, 3072)
    assert set(np.unique(labels)) <= set(range(10)) and len(np.unique(labels)) == 10
    pixels = images / 255.0
    assert 0.35 < pixels.mean() < 0.55 and 0.15 < pixels.std() < 0.35
    X = fig2.features(images)
    eig = fig2.covariance_spectrum(X, device=__import__("torch").device("cpu"))
    ratio = np.cumsum(eig) / eig.sum()
    assert ratio[0] < 0.5 and np.searchsorted(ratio, 0.9) > 30  # a spread-out spectrum, like real images
    assert "not CIFAR-10" in data_label("synthetic") and data_label("download") == "CIFAR-10"
    with pytest.raises(ValueError, match="cifar10_source"):
        data_label("cifar100")
