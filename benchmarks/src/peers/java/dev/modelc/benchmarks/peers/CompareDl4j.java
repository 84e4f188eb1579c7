package dev.modelc.benchmarks.peers;

import dev.modelc.benchmarks.Data;
import dev.modelc.benchmarks.Timing;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * DL4J's side of compare.sh: the four benchmark models as {@link MultiLayerNetwork}s (dense
 * layers with ReLU, Adam with lr 1e-3, float32, the batch sizes of the .nn files), timed with the
 * protocol of {@link Timing} on the same data as {@code CompareModelc}:
 * <ul>
 *   <li>train: {@code fit(features, labels)}, one iteration on the fixed batch;
 *   <li>predict: {@code output(example, false)} on one example, in inference mode. The output
 *       layer of the classifiers applies softmax, so it returns probabilities like modelc's.
 * </ul>
 * Prints {@code RESULT dl4j MODEL train|predict NANOSECONDS CPU/WALL} lines. compare.sh runs it with
 * OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1; {@link #singleThreaded} sets the same limits
 * through ND4J's own API as well, since ND4J 1.0.0-M2 ignored OMP_NUM_THREADS.
 */
public final class CompareDl4j {

  private CompareDl4j() {}

  public static void main(String[] args) {
    Timing.Settings settings = Timing.Settings.parse(args);
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    singleThreaded();
    System.out.println("INFO dl4j: backend " + Nd4j.getBackend().getClass().getSimpleName()
        + ", threads " + Nd4j.getEnvironment().maxThreads() + "/" + Nd4j.getEnvironment().maxMasterThreads()
        + ", BLAS " + Nd4j.factory().blas().getBlasVendor() + ", " + settings);
    for (String name : Timing.models(args, List.of("Tiny", "Small", "Mnist", "Deep"))) {
      switch (name) {
        case "Tiny" -> measure(name, new int[] {2, 8, 1}, false, 4, settings);
        case "Small" -> measure(name, new int[] {64, 32, 10}, true, 32, settings);
        case "Mnist" -> measure(name, new int[] {784, 256, 10}, true, 64, settings);
        default -> measure(name, new int[] {784, 256, 128, 10}, true, 128, settings);
      }
    }
  }

  /** One thread for ND4J's own loops (OpenMP and its master threads). */
  private static void singleThreaded() {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
  }

  /** Builds the network of these layer widths and times its train step and its predict. */
  private static void measure(String name, int[] widths, boolean classifier, int batch,
      Timing.Settings settings) {
    MultiLayerNetwork net = network(widths, classifier);
    int in = widths[0];
    int out = widths[widths.length - 1];
    // The same arrays as CompareModelc's (same seeds); class labels become one-hot rows here.
    float[] x = Data.inputs(batch, in, 1);
    float[] y = classifier ? oneHot(Data.labels(batch, out, 2), out) : Data.targets(batch, out, 2);
    INDArray features = Nd4j.create(x, new long[] {batch, in}, 'c');
    INDArray labels = Nd4j.create(y, new long[] {batch, out}, 'c');
    INDArray one = Nd4j.create(Arrays.copyOf(x, in), new long[] {1, in}, 'c');

    // The initial parameters, copied back before each timed round (see Timing).
    INDArray initial = net.params().dup();
    Timing.report("dl4j", name, "train", Timing.measure(k -> {
      for (int i = 0; i < k; i++) {
        net.fit(features, labels);
      }
      return net.score();
    }, () -> net.setParams(initial), settings));
    Timing.report("dl4j", name, "predict", Timing.measure(k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        s += net.output(one, false).getDouble(0);
      }
      return s;
    }, () -> { }, settings));
  }

  /** Dense ReLU layers, then an output layer: softmax with cross-entropy, or identity with mse. */
  private static MultiLayerNetwork network(int[] widths, boolean classifier) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(1)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.RELU)
        .list();
    int last = widths.length - 1;
    for (int i = 0; i + 1 < last; i++) {
      layers.layer(new DenseLayer.Builder().nIn(widths[i]).nOut(widths[i + 1])
          .activation(Activation.RELU).build());
    }
    layers.layer(new OutputLayer.Builder(classifier ? LossFunction.MCXENT : LossFunction.MSE)
        .nIn(widths[last - 1]).nOut(widths[last])
        .activation(classifier ? Activation.SOFTMAX : Activation.IDENTITY).build());
    MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
    net.init();
    return net;
  }

  /** Class indices as one-hot rows of {@code classes} floats. */
  private static float[] oneHot(float[] labels, int classes) {
    float[] rows = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      rows[i * classes + (int) labels[i]] = 1f;
    }
    return rows;
  }
}
