//! The one file that knows about wgpu, pixels and softbuffer: a window-sized framebuffer shown on screen, by
//! one of three presenters.
//!
//! - **GPU copy**, where a hardware adapter exists: the framebuffer is copied straight into the swapchain image
//!   (one `write_texture`, no shader). Surfaces that cannot be copied into (some Metal and DX12 setups) fall
//!   back to **pixels**, a textured quad.
//! - **Software** (softbuffer, which speaks X11, Wayland and the other platforms directly), where the only
//!   adapter is a CPU one or there is none: no Vulkan driver is needed, and only what changed is presented
//!   (`present_with_damage`), so a countdown tick moves one strip of the window, not a frame.
//!
//! `EXAMDAY_RENDERER=gpu|software|pixels` forces one; `EXAMDAY_TRACE` says which was chosen and why.

use std::num::NonZeroU32;
use std::sync::Arc;

use pixels::wgpu;
use pixels::{Pixels, PixelsBuilder, SurfaceTexture};
use winit::window::Window;

#[derive(Debug, thiserror::Error)]
pub enum GpuError {
    #[error(
        "no graphics adapter was found ({0}), and EXAMDAY_RENDERER asks for one. Without it examday draws in \
         software: unset EXAMDAY_RENDERER, or set EXAMDAY_RENDERER=software"
    )]
    NoAdapter(String),
    #[error("the graphics surface failed: {0}")]
    Surface(String),
}

/// Byte order of the framebuffer: what the screen's surface wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Rgba,
    Bgra,
}

enum Backend {
    Copy {
        surface: wgpu::Surface<'static>,
        device: wgpu::Device,
        queue: wgpu::Queue,
        config: wgpu::SurfaceConfiguration,
        frame: Vec<u8>,
    },
    Pixels(Box<Pixels<'static>>),
    Software {
        surface: Box<softbuffer::Surface<Arc<Window>, Arc<Window>>>,
        /// The frame, kept between presents, in softbuffer's byte order (0RGB words: B, G, R, 0 in memory).
        frame: Vec<u8>,
        /// The whole frame must be presented next (after a resize).
        all: bool,
    },
}

pub struct Gpu {
    backend: Backend,
    width: u32,
    height: u32,
    /// Which presenter, and why it was chosen.
    chosen: String,
}

/// What `EXAMDAY_RENDERER` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wanted {
    Auto,
    Gpu,
    Software,
    Pixels,
}

impl Gpu {
    pub fn new(window: Arc<Window>) -> Result<Gpu, GpuError> {
        let size = window.inner_size();
        let (width, height) = (size.width.max(1), size.height.max(1));
        let wanted = match std::env::var("EXAMDAY_RENDERER").as_deref() {
            Ok("gpu") => Wanted::Gpu,
            Ok("software") => Wanted::Software,
            Ok("pixels") => Wanted::Pixels,
            _ => Wanted::Auto,
        };
        let software = |why: String| -> Result<Gpu, GpuError> {
            let backend = software_backend(window.clone(), width, height)?;
            Ok(Gpu { backend, width, height, chosen: format!("software (softbuffer): {why}") })
        };
        match wanted {
            Wanted::Software => return software("EXAMDAY_RENDERER=software".to_string()),
            Wanted::Auto => {
                if let Some(why) = only_software_vulkan() {
                    return software(why);
                }
            }
            _ => {}
        }
        if wanted != Wanted::Pixels {
            match copy_backend(window.clone(), width, height, wanted == Wanted::Auto) {
                Ok(Probe::Ready(backend, adapter)) => {
                    return Ok(Gpu { backend, width, height, chosen: format!("GPU copy on {adapter}") });
                }
                Ok(Probe::Software(why)) => return software(why),
                Ok(Probe::NoCopy) => {}
                Err(GpuError::NoAdapter(e)) if wanted == Wanted::Auto => {
                    return software(format!("no graphics adapter ({e})"));
                }
                Err(e) => return Err(e),
            }
        }
        let surface = SurfaceTexture::new(width, height, window);
        let pixels =
            PixelsBuilder::new(width, height, surface).enable_vsync(false).build().map_err(|e| match e {
                pixels::Error::AdapterNotFound | pixels::Error::DeviceNotFound(_) => {
                    GpuError::NoAdapter(e.to_string())
                }
                other => GpuError::Surface(other.to_string()),
            })?;
        pixels.device().on_uncaptured_error(Arc::new(|e| eprintln!("examday: graphics error: {e}")));
        let chosen = match wanted {
            Wanted::Pixels => "pixels: EXAMDAY_RENDERER=pixels",
            _ => "pixels: the surface does not take copies",
        };
        Ok(Gpu { backend: Backend::Pixels(Box::new(pixels)), width, height, chosen: chosen.to_string() })
    }

    /// Which presenter draws, and why it was chosen (for EXAMDAY_TRACE).
    pub fn chosen(&self) -> &str {
        &self.chosen
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    pub fn order(&self) -> Order {
        match &self.backend {
            Backend::Copy { config, .. } if is_bgra(config.format) => Order::Bgra,
            Backend::Software { .. } => Order::Bgra,
            _ => Order::Rgba,
        }
    }

    pub fn resize(&mut self, width: u32, height: u32) -> Result<(), GpuError> {
        let (width, height) = (width.max(1), height.max(1));
        if (width, height) == (self.width, self.height) {
            return Ok(());
        }
        match &mut self.backend {
            Backend::Copy { surface, device, config, frame, .. } => {
                config.width = width;
                config.height = height;
                surface.configure(device, config);
                frame.resize((width * height * 4) as usize, 0);
            }
            Backend::Pixels(pixels) => {
                pixels.resize_surface(width, height).map_err(|e| GpuError::Surface(e.to_string()))?;
                pixels.resize_buffer(width, height).map_err(|e| GpuError::Surface(e.to_string()))?;
            }
            Backend::Software { surface, frame, all } => {
                resize_surface(surface, width, height)?;
                frame.resize((width * height * 4) as usize, 0);
                *all = true;
            }
        }
        self.width = width;
        self.height = height;
        Ok(())
    }

    /// The framebuffer, `width * height` pixels in [`Gpu::order`]. It keeps the last frame's content.
    pub fn frame_mut(&mut self) -> &mut [u8] {
        match &mut self.backend {
            Backend::Copy { frame, .. } | Backend::Software { frame, .. } => frame,
            Backend::Pixels(pixels) => pixels.frame_mut(),
        }
    }

    pub fn frame(&self) -> &[u8] {
        match &self.backend {
            Backend::Copy { frame, .. } | Backend::Software { frame, .. } => frame,
            Backend::Pixels(pixels) => pixels.frame(),
        }
    }

    /// Shows the frame. `damage` is the part that changed since the last present (None: all of it); the
    /// software presenter presents only that, the GPU ones the whole frame.
    pub fn present(&mut self, damage: Option<(u32, u32, u32, u32)>) -> Result<(), GpuError> {
        let (width, height) = (self.width, self.height);
        match &mut self.backend {
            Backend::Software { surface, frame, all } => {
                let whole = (0, 0, width, height);
                let mut buffer = surface.buffer_mut().map_err(|e| GpuError::Surface(e.to_string()))?;
                // A buffer that does not hold the last frame (age other than 1) is filled whole.
                let rect =
                    if std::mem::take(all) || buffer.age() != 1 { whole } else { damage.unwrap_or(whole) };
                let (x, y, w, h) = clamp(rect, width, height);
                if w == 0 || h == 0 {
                    return Ok(());
                }
                for row in y..y + h {
                    let start = (row * width + x) as usize;
                    let src = &frame[start * 4..(start + w as usize) * 4];
                    for (dst, px) in buffer[start..start + w as usize].iter_mut().zip(src.chunks_exact(4)) {
                        *dst = u32::from_le_bytes([px[0], px[1], px[2], 0]);
                    }
                }
                let damage = softbuffer::Rect {
                    x,
                    y,
                    width: NonZeroU32::new(w).unwrap_or(NonZeroU32::MIN),
                    height: NonZeroU32::new(h).unwrap_or(NonZeroU32::MIN),
                };
                buffer.present_with_damage(&[damage]).map_err(|e| GpuError::Surface(e.to_string()))
            }
            Backend::Pixels(pixels) => pixels.render().map_err(|e| GpuError::Surface(e.to_string())),
            Backend::Copy { surface, device, queue, config, frame } => {
                let mut texture = None;
                for _ in 0..2 {
                    match surface.get_current_texture() {
                        wgpu::CurrentSurfaceTexture::Success(t)
                        | wgpu::CurrentSurfaceTexture::Suboptimal(t) => {
                            texture = Some(t);
                            break;
                        }
                        wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Lost => {
                            surface.configure(device, config);
                        }
                        wgpu::CurrentSurfaceTexture::Occluded | wgpu::CurrentSurfaceTexture::Timeout => {
                            return Ok(());
                        }
                        wgpu::CurrentSurfaceTexture::Validation => {
                            return Err(GpuError::Surface("validation error acquiring a frame".into()));
                        }
                    }
                }
                let Some(texture) = texture else { return Ok(()) };
                if texture.texture.width() != config.width || texture.texture.height() != config.height {
                    // A resize is on its way; this frame would not fit.
                    return Ok(());
                }
                queue.write_texture(
                    wgpu::TexelCopyTextureInfo {
                        texture: &texture.texture,
                        mip_level: 0,
                        origin: wgpu::Origin3d::ZERO,
                        aspect: wgpu::TextureAspect::All,
                    },
                    frame,
                    wgpu::TexelCopyBufferLayout {
                        offset: 0,
                        bytes_per_row: Some(config.width * 4),
                        rows_per_image: Some(config.height),
                    },
                    wgpu::Extent3d { width: config.width, height: config.height, depth_or_array_layers: 1 },
                );
                queue.submit(std::iter::empty());
                texture.present();
                Ok(())
            }
        }
    }
}

/// A rectangle cut to the frame.
fn clamp((x, y, w, h): (u32, u32, u32, u32), width: u32, height: u32) -> (u32, u32, u32, u32) {
    let (x, y) = (x.min(width), y.min(height));
    (x, y, w.min(width - x), h.min(height - y))
}

fn resize_surface(
    surface: &mut softbuffer::Surface<Arc<Window>, Arc<Window>>,
    width: u32,
    height: u32,
) -> Result<(), GpuError> {
    let (w, h) = (NonZeroU32::new(width.max(1)), NonZeroU32::new(height.max(1)));
    let (Some(w), Some(h)) = (w, h) else { return Ok(()) };
    surface.resize(w, h).map_err(|e| GpuError::Surface(e.to_string()))
}

/// The software presenter: softbuffer on the window, no graphics driver involved.
fn software_backend(window: Arc<Window>, width: u32, height: u32) -> Result<Backend, GpuError> {
    let context = softbuffer::Context::new(window.clone()).map_err(|e| GpuError::Surface(e.to_string()))?;
    let mut surface =
        softbuffer::Surface::new(&context, window).map_err(|e| GpuError::Surface(e.to_string()))?;
    resize_surface(&mut surface, width, height)?;
    let frame = vec![0u8; (width * height * 4) as usize];
    Ok(Backend::Software { surface: Box::new(surface), frame, all: true })
}

/// On Linux, when there is no GPU device, or every installed Vulkan driver is Mesa's software one (lavapipe), or
/// there is none, why the software presenter is the better choice, found without loading a driver (which for
/// lavapipe means all of LLVM). None: ask wgpu.
fn only_software_vulkan() -> Option<String> {
    if !cfg!(target_os = "linux") || std::env::var_os("VK_ICD_FILENAMES").is_some() {
        return None;
    }
    let dirs = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d", "/usr/local/share/vulkan/icd.d"];
    let manifests: Vec<String> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    if manifests.is_empty() {
        return Some("no Vulkan driver is installed".to_string());
    }
    // A hardware driver needs a GPU device: a DRM render node, or NVIDIA's own.
    let render_node = std::fs::read_dir("/dev/dri")
        .map(|d| d.filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false);
    if !render_node && !std::path::Path::new("/dev/nvidia0").exists() {
        return Some("there is no GPU device (no render node in /dev/dri)".to_string());
    }
    manifests
        .iter()
        .all(|n| n.starts_with("lvp_icd"))
        .then(|| "the only Vulkan driver is Mesa's software one (lavapipe)".to_string())
}

fn is_bgra(format: wgpu::TextureFormat) -> bool {
    matches!(format, wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Bgra8UnormSrgb)
}

/// What asking wgpu found.
enum Probe {
    /// The copy path, ready, on the adapter named.
    Ready(Backend, String),
    /// The surface does not take copies: use pixels.
    NoCopy,
    /// The adapter is a CPU one: the software presenter does better, and why.
    Software(String),
}

/// The copy path, if the surface takes copies in an 8-bit RGBA or BGRA format. A CPU adapter, when `auto`,
/// sends the caller to the software presenter.
fn copy_backend(window: Arc<Window>, width: u32, height: u32, auto: bool) -> Result<Probe, GpuError> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle().with_env());
    let surface = instance.create_surface(window).map_err(|e| GpuError::Surface(e.to_string()))?;
    let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions {
        compatible_surface: Some(&surface),
        ..wgpu::RequestAdapterOptions::default()
    }))
    .map_err(|e| GpuError::NoAdapter(e.to_string()))?;
    let info = adapter.get_info();
    if auto && info.device_type == wgpu::DeviceType::Cpu {
        return Ok(Probe::Software(format!("the graphics adapter is a software one ({})", info.name)));
    }
    let caps = surface.get_capabilities(&adapter);
    if !caps.usages.contains(wgpu::TextureUsages::COPY_DST) {
        return Ok(Probe::NoCopy);
    }
    // Bytes are copied as they are, so a plain 8-bit format (sRGB or not) shows the framebuffer unchanged.
    let Some(format) = caps
        .formats
        .iter()
        .copied()
        .find(|f| matches!(f, wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Rgba8Unorm))
        .or_else(|| {
            caps.formats.iter().copied().find(|f| {
                matches!(f, wgpu::TextureFormat::Bgra8UnormSrgb | wgpu::TextureFormat::Rgba8UnormSrgb)
            })
        })
    else {
        return Ok(Probe::NoCopy);
    };
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor::default()))
        .map_err(|e| GpuError::NoAdapter(e.to_string()))?;
    device.on_uncaptured_error(Arc::new(|e| eprintln!("examday: graphics error: {e}")));
    let present_mode = [wgpu::PresentMode::Mailbox, wgpu::PresentMode::Immediate]
        .into_iter()
        .find(|m| caps.present_modes.contains(m))
        .unwrap_or(wgpu::PresentMode::Fifo);
    let config = wgpu::SurfaceConfiguration {
        usage: wgpu::TextureUsages::COPY_DST,
        format,
        width,
        height,
        present_mode,
        desired_maximum_frame_latency: 2,
        alpha_mode: caps.alpha_modes.first().copied().unwrap_or(wgpu::CompositeAlphaMode::Auto),
        view_formats: vec![],
    };
    surface.configure(&device, &config);
    let frame = vec![0u8; (width * height * 4) as usize];
    Ok(Probe::Ready(Backend::Copy { surface, device, queue, config, frame }, info.name))
}
