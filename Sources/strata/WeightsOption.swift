import ArgumentParser

/// `--weights FILE.safetensors`: the weights of a built-in model, by PyTorch state_dict name.
struct WeightsOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Weights for a built-in model: a .safetensors file with PyTorch state_dict names (torchvision's).",
        discussion: "For example safetensors.torch.save_file(torchvision.models.resnet18(weights=\"DEFAULT\").state_dict(), "
            + "\"resnet18.safetensors\"). Strict: every missing, unexpected or mis-shaped tensor is listed in one error; "
            + "the classifier's weight sets the number of classes; F16, BF16 and F64 become float32; "
            + "BatchNorm's num_batches_tracked is ignored.",
        valueName: "file"),
        completion: .file(extensions: ["safetensors"]))
    var weights: String?
}
